import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

// A local OpenAI-compatible upstream for the gateway's tests and benchmarks. Answers are
// deterministic; the upstream model name injects faults:
//   fail-429 / fail-500   that status, with an OpenAI error body (429 carries Retry-After: 0)
//   slow-MS               waits MS milliseconds before answering
//   garbled               200 with a body that is not JSON
//   context-N             400 context_length_exceeded when the prompt exceeds N (word) tokens
//   drip-MS               streams one word every MS milliseconds
//   cached                reports half the prompt tokens as cached
// The reply is "Echo: <last user message>", or exactly the text after "say:" in it; a request
// with tools whose message contains "call-tool" gets a tool call. Also answers /v1/embeddings,
// Anthropic's /v1/messages and Gemini's generateContent / streamGenerateContent, and
// GET /fixture/stats (requests, streams started, completed, cancelled by the client).
// Usage: gateway-upstream [--port N]; prints "listening on http://127.0.0.1:PORT".

final class Stats: Sendable {
    let counts = Mutex<[String: Int]>([:])
    func add(_ name: String) { counts.withLock { $0[name, default: 0] += 1 } }
    var json: String {
        let pairs = counts.withLock { $0 }.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}

struct ChatBody: Decodable {
    struct Message: Decodable {
        let role: String
        let text: String
        enum Keys: String, CodingKey { case role, content }
        struct Part: Decodable { let text: String? }
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decode(String.self, forKey: .content) {
                self.text = text
            } else if let parts = try? container.decode([Part].self, forKey: .content) {
                text = parts.compactMap(\.text).joined(separator: "\n")
            } else {
                text = ""
            }
        }
    }
    struct StreamOptions: Decodable { let include_usage: Bool? }
    struct Tool: Decodable { struct Function: Decodable { let name: String }; let function: Function? }
    struct Format: Decodable { let type: String }
    let model: String
    let messages: [Message]
    let stream: Bool?
    let stream_options: StreamOptions?
    let tools: [Tool]?
    let response_format: Format?
}

func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func words(_ text: String) -> Int { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }

func number(after prefix: String, in model: String) -> Int? {
    guard let range = model.range(of: prefix) else { return nil }
    return Int(model[range.upperBound...].prefix { $0.isNumber })
}

func replyText(_ messages: [ChatBody.Message], json: Bool) -> String {
    let last = messages.last { $0.role == "user" }?.text ?? ""
    let text: String
    if let range = last.range(of: "say:") {
        text = String(last[range.upperBound...]).trimmingCharacters(in: .whitespaces)
    } else {
        text = "Echo: " + last
    }
    return json ? "{\"echo\":\(quoted(text))}" : text
}

func errorResponse(_ status: HTTPResponse.Status, _ type: String, _ code: String, _ message: String, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    let body = "{\"error\":{\"message\":\(quoted(message)),\"type\":\"\(type)\",\"param\":null,\"code\":\"\(code)\"}}"
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}

/// The fault the model name asks for, if any.
func fault(_ model: String, promptTokens: Int) async -> Response? {
    if let delay = number(after: "slow-", in: model) { try? await Task.sleep(for: .milliseconds(delay)) }
    if model.contains("fail-429") {
        return errorResponse(.tooManyRequests, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached for \(model)", headers: [HTTPField.Name("Retry-After")!: "0"])
    }
    if model.contains("fail-500") { return errorResponse(.internalServerError, "server_error", "server_error", "The server had an error processing your request") }
    if let window = number(after: "context-", in: model), promptTokens > window {
        return errorResponse(.badRequest, "invalid_request_error", "context_length_exceeded",
                             "This model's maximum context length is \(window) tokens. However, your messages resulted in \(promptTokens) tokens.")
    }
    if model.contains("garbled") {
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"id\": \"x\", \"choices\": [{\"mess")))
    }
    return nil
}

func usageJSON(prompt: Int, completion: Int, cached: Int) -> String {
    "{\"prompt_tokens\":\(prompt),\"completion_tokens\":\(completion),\"total_tokens\":\(prompt + completion),\"prompt_tokens_details\":{\"cached_tokens\":\(cached)}}"
}

func chat(_ request: Request, _ stats: Stats) async throws -> Response {
    stats.add("chat_requests")
    let buffer = try await request.body.collect(upTo: 16 << 20)
    guard let body = try? JSONDecoder().decode(ChatBody.self, from: Data(buffer.readableBytesView)) else {
        return errorResponse(.badRequest, "invalid_request_error", "invalid_body", "the body is not a chat completion request")
    }
    let promptTokens = body.messages.reduce(0) { $0 + words($1.text) }
    if let failure = await fault(body.model, promptTokens: promptTokens) { return failure }
    let cached = body.model.contains("cached") ? promptTokens / 2 : 0
    let lastUser = body.messages.last { $0.role == "user" }?.text ?? ""
    let toolName = lastUser.contains("call-tool") ? body.tools?.first?.function?.name : nil
    let text = replyText(body.messages, json: body.response_format.map { $0.type != "text" } ?? false)
    let created = Int(Date().timeIntervalSince1970)
    if body.stream == true {
        stats.add("streams_started")
        let pieces = text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        let drip = number(after: "drip-", in: body.model)
        let includeUsage = body.stream_options?.include_usage ?? false
        let model = body.model
        let head = "{\"id\":\"chatcmpl-fixture\",\"object\":\"chat.completion.chunk\",\"created\":\(created),\"model\":\(quoted(model)),"
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            do {
                try await writer.write(ByteBuffer(string: "data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"))
                if let toolName {
                    try await writer.write(ByteBuffer(string: "data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\(quoted(toolName)),\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"))
                } else {
                    for piece in pieces {
                        if let drip { try await Task.sleep(for: .milliseconds(drip)) }
                        try await writer.write(ByteBuffer(string: "data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"content\":\(quoted(piece))},\"finish_reason\":null}]}\n\n"))
                    }
                }
                try await writer.write(ByteBuffer(string: "data: \(head)\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"\(toolName == nil ? "stop" : "tool_calls")\"}]}\n\n"))
                if includeUsage {
                    try await writer.write(ByteBuffer(string: "data: \(head)\"choices\":[],\"usage\":\(usageJSON(prompt: promptTokens, completion: words(text), cached: cached))}\n\n"))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                try await writer.finish(nil)
                stats.add("streams_completed")
            } catch {
                stats.add("streams_cancelled")
                throw error
            }
        })
    }
    let message: String
    if let toolName {
        message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\(quoted(toolName)),\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
    } else {
        message = "{\"role\":\"assistant\",\"content\":\(quoted(text))}"
    }
    let reply = "{\"id\":\"chatcmpl-fixture\",\"object\":\"chat.completion\",\"created\":\(created),\"model\":\(quoted(body.model)),\"choices\":[{\"index\":0,\"message\":\(message),\"finish_reason\":\"\(toolName == nil ? "stop" : "tool_calls")\"}],\"usage\":\(usageJSON(prompt: promptTokens, completion: words(text), cached: cached))}"
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: reply)))
}

struct EmbeddingsBody: Decodable {
    let model: String
    let input: [String]
    enum Keys: String, CodingKey { case model, input }
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        model = try container.decode(String.self, forKey: .model)
        if let one = try? container.decode(String.self, forKey: .input) { input = [one] } else { input = try container.decode([String].self, forKey: .input) }
    }
}

/// Eight numbers derived from the text (FNV-1a), the same for the same text.
func vector(_ text: String) -> [Double] {
    var hash: UInt64 = 0xcbf29ce484222325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
    return (0..<8).map { Double((hash >> (UInt64($0) * 8)) & 0xFF) / 255.0 }
}

func embeddings(_ request: Request, _ stats: Stats) async throws -> Response {
    stats.add("embedding_requests")
    let buffer = try await request.body.collect(upTo: 16 << 20)
    guard let body = try? JSONDecoder().decode(EmbeddingsBody.self, from: Data(buffer.readableBytesView)) else {
        return errorResponse(.badRequest, "invalid_request_error", "invalid_body", "the body is not an embeddings request")
    }
    if let failure = await fault(body.model, promptTokens: 0) { return failure }
    let data = body.input.enumerated().map { index, text in
        "{\"object\":\"embedding\",\"index\":\(index),\"embedding\":[\(vector(text).map { String($0) }.joined(separator: ","))]}"
    }
    let tokens = body.input.reduce(0) { $0 + words($1) }
    let reply = "{\"object\":\"list\",\"data\":[\(data.joined(separator: ","))],\"model\":\(quoted(body.model)),\"usage\":{\"prompt_tokens\":\(tokens),\"total_tokens\":\(tokens)}}"
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: reply)))
}

/// Anthropic's Messages API, enough to check the gateway's translation (text and streaming).
func anthropicMessages(_ request: Request, _ stats: Stats) async throws -> Response {
    stats.add("anthropic_requests")
    let buffer = try await request.body.collect(upTo: 16 << 20)
    guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any],
          let model = object["model"] as? String, let messages = object["messages"] as? [[String: Any]],
          object["max_tokens"] is Int, request.headers[HTTPField.Name("anthropic-version")!] != nil else {
        return errorResponse(.badRequest, "invalid_request_error", "invalid_body", "not an Anthropic messages request (model, messages, max_tokens and the anthropic-version header are required)")
    }
    let lastUser = messages.last { $0["role"] as? String == "user" }
    let blocks = lastUser?["content"] as? [[String: Any]] ?? []
    let userText = (lastUser?["content"] as? String) ?? blocks.compactMap { $0["text"] as? String }.joined(separator: "\n")
    let system = object["system"] as? String ?? ""
    let text = "Echo: " + userText + (system.isEmpty ? "" : " [system: \(system)]")
    let promptTokens = words(userText) + words(system)
    if object["stream"] as? Bool == true {
        let pieces = text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fixture\",\"model\":\(quoted(model)),\"usage\":{\"input_tokens\":\(promptTokens),\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":1,\"output_tokens\":1}}}\n\n"))
            try await writer.write(ByteBuffer(string: "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"))
            for piece in pieces {
                try await writer.write(ByteBuffer(string: "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(quoted(piece))}}\n\n"))
            }
            try await writer.write(ByteBuffer(string: "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"))
            try await writer.write(ByteBuffer(string: "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":\(words(text))}}\n\n"))
            try await writer.write(ByteBuffer(string: "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
            try await writer.finish(nil)
        })
    }
    let reply = "{\"id\":\"msg_fixture\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\(quoted(model)),\"content\":[{\"type\":\"text\",\"text\":\(quoted(text))}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":\(promptTokens),\"output_tokens\":\(words(text)),\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":1}}"
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: reply)))
}

/// Gemini's generateContent and streamGenerateContent (alt=sse), text only.
func gemini(_ request: Request, _ stats: Stats, action: String) async throws -> Response {
    stats.add("gemini_requests")
    let buffer = try await request.body.collect(upTo: 16 << 20)
    guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any],
          let contents = object["contents"] as? [[String: Any]] else {
        return errorResponse(.badRequest, "INVALID_ARGUMENT", "invalid_body", "not a generateContent request")
    }
    let parts = (contents.last?["parts"] as? [[String: Any]]) ?? []
    let userText = parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
    let text = "Echo: " + userText
    let usage = "{\"promptTokenCount\":\(words(userText) + 4),\"candidatesTokenCount\":\(words(text)),\"cachedContentTokenCount\":4,\"totalTokenCount\":\(words(userText) + 4 + words(text))}"
    if action.contains(":streamGenerateContent") {
        let pieces = text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            for (index, piece) in pieces.enumerated() {
                let last = index == pieces.count - 1
                let tail = last ? ",\"finishReason\":\"STOP\"}],\"usageMetadata\":\(usage)}" : "}]}"
                try await writer.write(ByteBuffer(string: "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\(quoted(piece))}]}\(tail)\r\n\r\n"))
            }
            try await writer.finish(nil)
        })
    }
    let reply = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\(quoted(text))}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":\(usage),\"modelVersion\":\"gemini-fixture\"}"
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: reply)))
}

var port = 0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--port", let value = arguments.next().flatMap(Int.init) { port = value } else {
        FileHandle.standardError.write(Data("usage: gateway-upstream [--port N]\n".utf8))
        exit(2)
    }
}
let stats = Stats()
let router = Router()
router.post("/v1/chat/completions") { request, _ in try await chat(request, stats) }
router.post("/v1/embeddings") { request, _ in try await embeddings(request, stats) }
router.post("/v1/messages") { request, _ in try await anthropicMessages(request, stats) }
router.post("/v1beta/models/{action}") { request, context in
    try await gemini(request, stats, action: context.parameters.get("action") ?? "")
}
router.get("/fixture/stats") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: stats.json)))
}
let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
                      onServerRunning: { channel in
                          // Written straight to the descriptor: the line must not sit in a buffer.
                          FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n".utf8))
                      })
try await app.runService()
