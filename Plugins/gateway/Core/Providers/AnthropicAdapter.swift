import AIPConfig
import Foundation

/// Anthropic's Messages API. Usage: Anthropic's `input_tokens` excludes cache reads and cache
/// writes, so the prompt count is their sum and `cache_read_input_tokens` are the cached ones.
public struct AnthropicAdapter: ProviderAdapter {
    public static let version = "2023-06-01"
    public init() {}

    public func chatRequest(_ request: ChatRequest, deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        var body = try Self.messagesBody(request)
        body["model"] = .string(deployment.model)
        var headers = ["Content-Type: application/json", "anthropic-version: \(Self.version)"]
        if let key = deployment.apiKey, !key.isEmpty { headers.append("x-api-key: \(key)") }
        return UpstreamRequest(url: "\(deployment.baseURL)/messages", headers: headers, body: JSONBody.bytes(.object(body)))
    }

    /// OpenAI chat fields in Anthropic's terms.
    static func messagesBody(_ request: ChatRequest) throws(GatewayError) -> [String: JSONValue] {
        let source = request.body
        var body: [String: JSONValue] = ["max_tokens": .int(Int64(request.maxOutputTokens ?? 4096))]
        var system = ChatTranslation.systemText(request.messages)
        if let instruction = ChatTranslation.formatInstruction(source["response_format"]) {
            system = [system, instruction].compactMap { $0 }.joined(separator: "\n\n")
        }
        if let system { body["system"] = .string(system) }
        var messages: [JSONValue] = []
        for (index, message) in request.messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            switch role {
            case "system", "developer": continue
            case "tool":
                let result: JSONValue = .object(["type": "tool_result",
                                                 "tool_use_id": message["tool_call_id"] ?? .string(""),
                                                 "content": .string(message["content"]?.contentText ?? "")])
                // Consecutive tool results go back in one user turn, as Anthropic requires.
                if case .object(var last)? = messages.last, last["role"]?.stringValue == "user",
                   case .array(let blocks)? = last["content"], blocks.allSatisfy({ $0["type"]?.stringValue == "tool_result" }) {
                    last["content"] = .array(blocks + [result])
                    messages[messages.count - 1] = .object(last)
                } else {
                    messages.append(.object(["role": "user", "content": .array([result])]))
                }
            case "user", "assistant":
                var blocks = try contentBlocks(message["content"], at: "messages[\(index)].content")
                for (callIndex, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                    blocks.append(.object([
                        "type": "tool_use", "id": call["id"] ?? .string("call_\(callIndex)"),
                        "name": call["function"]?["name"] ?? .string(""),
                        "input": try ChatTranslation.arguments(call["function"]?["arguments"], at: "messages[\(index)].tool_calls[\(callIndex)].function.arguments"),
                    ]))
                }
                messages.append(.object(["role": .string(role), "content": .array(blocks)]))
            default:
                throw .invalidRequest("messages[\(index)].role '\(role)' is not one of system, developer, user, assistant, tool", param: "messages[\(index)].role")
            }
        }
        body["messages"] = .array(messages)
        if let temperature = source["temperature"] { body["temperature"] = temperature }
        if let topP = source["top_p"] { body["top_p"] = topP }
        if let stop = source["stop"] {
            body["stop_sequences"] = stop.stringValue.map { .array([.string($0)]) } ?? stop
        }
        if let user = request.user { body["metadata"] = .object(["user_id": .string(user)]) }
        if let tools = source["tools"]?.arrayValue {
            body["tools"] = .array(tools.compactMap { tool in
                guard let function = tool["function"] else { return nil }
                var out: [String: JSONValue] = ["name": function["name"] ?? "", "input_schema": function["parameters"] ?? .object(["type": "object"])]
                if let description = function["description"] { out["description"] = description }
                return .object(out)
            })
        }
        if let choice = source["tool_choice"] {
            switch choice.stringValue {
            case "auto": body["tool_choice"] = .object(["type": "auto"])
            case "required": body["tool_choice"] = .object(["type": "any"])
            case "none": body["tool_choice"] = .object(["type": "none"])
            default:
                if let name = choice["function"]?["name"] { body["tool_choice"] = .object(["type": "tool", "name": name]) }
            }
        }
        if request.stream { body["stream"] = true }
        return body
    }

    static func contentBlocks(_ content: JSONValue?, at path: String) throws(GatewayError) -> [JSONValue] {
        switch content {
        case nil, .null?: return []
        case .string(let text)?: return text.isEmpty ? [] : [.object(["type": "text", "text": .string(text)])]
        case .array(let parts)?:
            var blocks: [JSONValue] = []
            for part in parts {
                switch part["type"]?.stringValue {
                case "text": blocks.append(.object(["type": "text", "text": part["text"] ?? ""]))
                case "image_url":
                    let url = part["image_url"]?["url"]?.stringValue ?? ""
                    if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), let semicolon = url.firstIndex(of: ";") {
                        let mediaType = String(url[url.index(url.startIndex, offsetBy: 5)..<semicolon])
                        blocks.append(.object(["type": "image", "source": .object([
                            "type": "base64", "media_type": .string(mediaType), "data": .string(String(url[url.index(after: comma)...]))])]))
                    } else {
                        blocks.append(.object(["type": "image", "source": .object(["type": "url", "url": .string(url)])]))
                    }
                default: throw .invalidRequest("\(path): part type '\(part["type"]?.stringValue ?? "?")' cannot be sent to Anthropic", param: path)
                }
            }
            return blocks
        default: throw .invalidRequest("\(path) must be a string or an array of parts", param: path)
        }
    }

    static func usage(_ value: JSONValue?) -> Usage {
        let read = ChatTranslation.int(value?["cache_read_input_tokens"])
        let written = ChatTranslation.int(value?["cache_creation_input_tokens"])
        return Usage(promptTokens: ChatTranslation.int(value?["input_tokens"]) + read + written,
                     completionTokens: ChatTranslation.int(value?["output_tokens"]), cachedTokens: read)
    }

    public func chatResponse(_ body: [UInt8], request: ChatRequest, deployment: Deployment) throws(UpstreamFailure) -> (completion: JSONValue, usage: Usage) {
        let reply = try UpstreamFailure.parse(body, deployment)
        guard let blocks = reply["content"]?.arrayValue else { throw UpstreamFailure.malformed(deployment, "no content in the message") }
        var text = ""
        var calls: [JSONValue] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                calls.append(.object(["id": block["id"] ?? "", "type": "function", "function": .object([
                    "name": block["name"] ?? "", "arguments": .string((block["input"] ?? .object([:])).serialized(sortedKeys: false))])]))
            default: continue
            }
        }
        var message: [String: JSONValue] = ["role": "assistant", "content": text.isEmpty && !calls.isEmpty ? .null : .string(text)]
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        let usage = Self.usage(reply["usage"])
        let completion = ChatTranslation.completion(id: reply["id"]?.stringValue ?? "chatcmpl-anthropic", created: Int64(Date().timeIntervalSince1970),
                                                    model: reply["model"]?.stringValue ?? deployment.model, message: message,
                                                    finish: ChatTranslation.finishReason(anthropic: reply["stop_reason"]?.stringValue), usage: usage)
        return (completion, usage)
    }

    public func streamTranslator(request: ChatRequest, deployment: Deployment, id: String, created: Int64) -> any StreamTranslator {
        AnthropicStreamTranslator(deployment: deployment, id: id, created: created)
    }

    public func embeddingsRequest(_ body: [String: JSONValue], deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        throw .invalidRequest("deployment \(deployment.id) is an Anthropic model; Anthropic has no embeddings API", param: "model")
    }

    public func embeddingsResponse(_ body: [UInt8], deployment: Deployment, requestModel: String) throws(UpstreamFailure) -> (response: JSONValue, usage: Usage) {
        throw UpstreamFailure(kind: .clientError, status: 400, message: "Anthropic has no embeddings API")
    }
}

/// Anthropic's typed stream events as OpenAI chunks: text deltas become `content`, tool-use
/// blocks become `tool_calls` with their JSON arguments streamed in pieces.
struct AnthropicStreamTranslator: StreamTranslator {
    let deployment: Deployment
    let id: String
    let created: Int64
    var usage: Usage?
    var finished = false
    private var model = ""
    private var toolIndexes: [Int64: Int] = [:]

    init(deployment: Deployment, id: String, created: Int64) {
        self.deployment = deployment
        self.id = id
        self.created = created
        model = deployment.model
    }

    private func chunk(_ delta: [String: JSONValue], finish: JSONValue = .null) -> JSONValue {
        ChatTranslation.chunk(id: id, created: created, model: model, delta: delta, finish: finish)
    }

    mutating func consume(_ event: ServerSentEvent) throws(UpstreamFailure) -> [JSONValue] {
        guard !event.data.isEmpty else { return [] }
        let payload = try UpstreamFailure.parse(Array(event.data.utf8), deployment)
        switch payload["type"]?.stringValue ?? event.event {
        case "message_start":
            if let name = payload["message"]?["model"]?.stringValue { model = name }
            usage = AnthropicAdapter.usage(payload["message"]?["usage"])
            return [chunk(["role": "assistant", "content": ""])]
        case "content_block_start":
            let block = payload["content_block"]
            guard block?["type"]?.stringValue == "tool_use" else {
                if let text = block?["text"]?.stringValue, !text.isEmpty { return [chunk(["content": .string(text)])] }
                return []
            }
            let index = toolIndexes.count
            toolIndexes[payload["index"]?.int64Value ?? 0] = index
            return [chunk(["tool_calls": .array([.object([
                "index": .int(Int64(index)), "id": block?["id"] ?? "", "type": "function",
                "function": .object(["name": block?["name"] ?? "", "arguments": ""])])])])]
        case "content_block_delta":
            let delta = payload["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta": return [chunk(["content": delta?["text"] ?? ""])]
            case "input_json_delta":
                let index = toolIndexes[payload["index"]?.int64Value ?? 0] ?? 0
                return [chunk(["tool_calls": .array([.object(["index": .int(Int64(index)),
                                                              "function": .object(["arguments": delta?["partial_json"] ?? ""])])])])]
            default: return []
            }
        case "message_delta":
            var current = usage ?? Usage()
            if let output = payload["usage"]?["output_tokens"]?.int64Value { current.completionTokens = Int(output) }
            if let input = payload["usage"]?["input_tokens"]?.int64Value, input > 0 {
                current = AnthropicAdapter.usage(payload["usage"])
            }
            usage = current
            return [chunk([:], finish: ChatTranslation.finishReason(anthropic: payload["delta"]?["stop_reason"]?.stringValue))]
        case "message_stop":
            finished = true
            return []
        case "error":
            let error = payload["error"]
            throw UpstreamFailure(kind: .serverError, status: 502, message: "deployment \(deployment.id) failed mid-stream: \(error?["message"]?.stringValue ?? payload.serialized())")
        default:
            return []
        }
    }
}
