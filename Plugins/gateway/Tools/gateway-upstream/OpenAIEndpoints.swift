import AIPConfig
import Foundation
import GatewayCore

// OpenAI's chat completions (plain, streamed, tool calls, JSON format) and embeddings.

/// What the fixture reads of a chat completion request.
struct ChatBody {
    struct Message {
        let role: String
        let text: String
    }
    let model: String
    let messages: [Message]
    let stream: Bool
    let includeUsage: Bool
    let firstToolName: String?
    let wantsJSON: Bool

    /// Nil when the body is not a chat completion request (no model, or messages without roles).
    init?(_ bytes: [UInt8]) {
        guard let object = jsonObject(bytes), let model = object["model"]?.stringValue, let list = object["messages"]?.arrayValue else {
            return nil
        }
        var messages: [Message] = []
        for item in list {
            guard let role = item["role"]?.stringValue else { return nil }
            messages.append(Message(role: role, text: contentText(item["content"])))
        }
        self.model = model
        self.messages = messages
        stream = object["stream"]?.boolValue ?? false
        includeUsage = object["stream_options"]?["include_usage"]?.boolValue ?? false
        firstToolName = object["tools"]?.arrayValue?.first?["function"]?["name"]?.stringValue
        wantsJSON = object["response_format"]?["type"]?.stringValue.map { $0 != "text" } ?? false
    }
}

/// "Echo: <last user message>", or exactly the text after "say:" in it.
func replyText(_ messages: [ChatBody.Message], json: Bool) -> String {
    let last = messages.last { $0.role == "user" }?.text ?? ""
    let text: String
    if let end = find("say:", in: last) {
        text = String(decoding: last.utf8.dropFirst(end), as: UTF8.self).trimmingCharacters(in: .whitespaces)
    } else {
        text = "Echo: " + last
    }
    return json ? "{\"echo\":\(quoted(text))}" : text
}

func usageJSON(prompt: Int, completion: Int, cached: Int) -> String {
    "{\"prompt_tokens\":\(prompt),\"completion_tokens\":\(completion),\"total_tokens\":\(prompt + completion),\"prompt_tokens_details\":{\"cached_tokens\":\(cached)}}"
}

func chat(_ bytes: [UInt8], _ responder: HTTPResponder, _ stats: Stats) {
    stats.add("chat_requests")
    guard let body = ChatBody(bytes) else {
        return Reply.error(400, "invalid_request_error", "invalid_body", "the body is not a chat completion request").send(with: responder)
    }
    let promptTokens = body.messages.reduce(0) { $0 + words($1.text) }
    if let failure = fault(body.model, promptTokens: promptTokens) { return failure.send(with: responder) }
    let cached = has("cached", in: body.model) ? promptTokens / 2 : 0
    let lastUser = body.messages.last { $0.role == "user" }?.text ?? ""
    let toolName = has("call-tool", in: lastUser) ? body.firstToolName : nil
    let text = replyText(body.messages, json: body.wantsJSON)
    let created = Int(Date().timeIntervalSince1970)
    let finishReason = toolName == nil ? "stop" : "tool_calls"
    if body.stream {
        stats.add("streams_started")
        let head = "{\"id\":\"chatcmpl-fixture\",\"object\":\"chat.completion.chunk\",\"created\":\(created),\"model\":\(quoted(body.model)),"
        var events = ["data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"]
        var pieces: [String] = []
        if let toolName {
            events.append("data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\(quoted(toolName)),\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n")
        } else {
            pieces = text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        }
        var tail = ["data: \(head)\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"\(finishReason)\"}]}\n\n"]
        if body.includeUsage {
            tail.append("data: \(head)\"choices\":[],\"usage\":\(usageJSON(prompt: promptTokens, completion: words(text), cached: cached))}\n\n")
        }
        tail.append("data: [DONE]\n\n")
        let drip = number(after: "drip-", in: body.model)
        let stream = EventStream.start(responder, cacheControl: true)
        var delivered = events.allSatisfy(stream.send)
        for piece in pieces where delivered {
            if let drip { usleep(useconds_t(drip) * 1000) }
            delivered = stream.send("data: \(head)\"choices\":[{\"index\":0,\"delta\":{\"content\":\(quoted(piece))},\"finish_reason\":null}]}\n\n")
        }
        if delivered { delivered = tail.allSatisfy(stream.send) }
        stats.add(delivered ? "streams_completed" : "streams_cancelled")
        return
    }
    let message = toolName.map {
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\(quoted($0)),\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
    } ?? "{\"role\":\"assistant\",\"content\":\(quoted(text))}"
    Reply.json("{\"id\":\"chatcmpl-fixture\",\"object\":\"chat.completion\",\"created\":\(created),\"model\":\(quoted(body.model)),\"choices\":[{\"index\":0,\"message\":\(message),\"finish_reason\":\"\(finishReason)\"}],\"usage\":\(usageJSON(prompt: promptTokens, completion: words(text), cached: cached))}")
        .send(with: responder)
}

/// Eight numbers derived from the text (FNV-1a), the same for the same text.
func vector(_ text: String) -> [Double] {
    var hash: UInt64 = 0xcbf29ce484222325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
    return (0..<8).map { Double((hash >> (UInt64($0) * 8)) & 0xFF) / 255.0 }
}

func embeddings(_ bytes: [UInt8], _ responder: HTTPResponder, _ stats: Stats) {
    stats.add("embedding_requests")
    let object = jsonObject(bytes)
    let input = object?["input"].flatMap { value in value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue) }
    guard let model = object?["model"]?.stringValue, let input, input.count == (object?["input"]?.arrayValue?.count ?? 1) else {
        return Reply.error(400, "invalid_request_error", "invalid_body", "the body is not an embeddings request").send(with: responder)
    }
    if let failure = fault(model, promptTokens: 0) { return failure.send(with: responder) }
    let data = input.enumerated().map { index, text in
        "{\"object\":\"embedding\",\"index\":\(index),\"embedding\":[\(vector(text).map { String($0) }.joined(separator: ","))]}"
    }
    let tokens = input.reduce(0) { $0 + words($1) }
    Reply.json("{\"object\":\"list\",\"data\":[\(data.joined(separator: ","))],\"model\":\(quoted(model)),\"usage\":{\"prompt_tokens\":\(tokens),\"total_tokens\":\(tokens)}}")
        .send(with: responder)
}
