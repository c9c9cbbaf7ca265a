import AIPConfig
import Foundation

/// `POST /v1/messages` for Anthropic clients: their request becomes an OpenAI chat request for
/// the same pipeline, and the answer goes back in Anthropic's shape.
public struct AnthropicIngress: Sendable {
    public let request: ChatRequest

    public init(json: JSONValue) throws(GatewayError) {
        guard case .object(let body) = json else { throw .invalidRequest("the request body must be a JSON object") }
        guard body["max_tokens"]?.int64Value != nil else { throw .invalidRequest("max_tokens: Field required", param: "max_tokens") }
        guard let messages = body["messages"]?.arrayValue else { throw .invalidRequest("messages: Field required", param: "messages") }
        var chat: [String: JSONValue] = ["model": body["model"] ?? .null, "max_tokens": body["max_tokens"] ?? .null]
        var out: [JSONValue] = []
        switch body["system"] {
        case .string(let text)?: out.append(.object(["role": "system", "content": .string(text)]))
        case .array(let blocks)?: out.append(.object(["role": "system", "content": .string(blocks.map(\.contentText).joined(separator: "\n"))]))
        default: break
        }
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            guard role == "user" || role == "assistant" else {
                throw .invalidRequest("messages.\(index).role: Input should be 'user' or 'assistant'", param: "messages.\(index).role")
            }
            guard case .array(let blocks)? = message["content"] else {
                out.append(.object(["role": .string(role), "content": message["content"] ?? ""]))
                continue
            }
            var parts: [JSONValue] = []
            var calls: [JSONValue] = []
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text": parts.append(.object(["type": "text", "text": block["text"] ?? ""]))
                case "image":
                    let source = block["source"]
                    let url = source?["type"]?.stringValue == "base64"
                        ? "data:\(source?["media_type"]?.stringValue ?? "image/png");base64,\(source?["data"]?.stringValue ?? "")"
                        : source?["url"]?.stringValue ?? ""
                    parts.append(.object(["type": "image_url", "image_url": .object(["url": .string(url)])]))
                case "tool_use":
                    calls.append(.object(["id": block["id"] ?? "", "type": "function",
                                          "function": .object(["name": block["name"] ?? "", "arguments": .string((block["input"] ?? .object([:])).serialized(sortedKeys: false))])]))
                case "tool_result":
                    out.append(.object(["role": "tool", "tool_call_id": block["tool_use_id"] ?? "", "content": .string(block["content"]?.contentText ?? "")]))
                default: continue
                }
            }
            guard !parts.isEmpty || !calls.isEmpty else { continue }
            var converted: [String: JSONValue] = ["role": .string(role)]
            let allText = parts.allSatisfy { $0["type"]?.stringValue == "text" }
            converted["content"] = parts.isEmpty ? .null : allText ? .string(parts.map(\.contentText).joined(separator: "\n")) : .array(parts)
            if !calls.isEmpty { converted["tool_calls"] = .array(calls) }
            out.append(.object(converted))
        }
        chat["messages"] = .array(out)
        if let value = body["temperature"] { chat["temperature"] = value }
        if let value = body["top_p"] { chat["top_p"] = value }
        if let value = body["stop_sequences"] { chat["stop"] = value }
        if let user = body["metadata"]?["user_id"] { chat["user"] = user }
        if let tools = body["tools"]?.arrayValue {
            chat["tools"] = .array(tools.map { tool in
                var function: [String: JSONValue] = ["name": tool["name"] ?? "", "parameters": tool["input_schema"] ?? .object(["type": "object"])]
                if let description = tool["description"] { function["description"] = description }
                return .object(["type": "function", "function": .object(function)])
            })
        }
        if let choice = body["tool_choice"] {
            switch choice["type"]?.stringValue {
            case "auto": chat["tool_choice"] = "auto"
            case "any": chat["tool_choice"] = "required"
            case "none": chat["tool_choice"] = "none"
            case "tool": chat["tool_choice"] = .object(["type": "function", "function": .object(["name": choice["name"] ?? ""])])
            default: break
            }
        }
        if body["stream"]?.boolValue == true {
            chat["stream"] = true
            chat["stream_options"] = .object(["include_usage": true])
        }
        request = try ChatRequest(json: .object(chat))
    }

    static func stopReason(_ finish: String?) -> JSONValue {
        switch finish {
        case "stop": return "end_turn"
        case "length": return "max_tokens"
        case "tool_calls": return "tool_use"
        case "content_filter": return "refusal"
        default: return .null
        }
    }

    static func usage(_ value: JSONValue?) -> JSONValue {
        let usage = Usage(openAI: value) ?? Usage()
        return .object(["input_tokens": .int(Int64(usage.promptTokens - usage.cachedTokens)), "output_tokens": .int(Int64(usage.completionTokens)),
                        "cache_read_input_tokens": .int(Int64(usage.cachedTokens)), "cache_creation_input_tokens": 0])
    }

    /// An OpenAI chat completion as an Anthropic message.
    public static func message(from completion: JSONValue) -> JSONValue {
        let choice = completion["choices"]?.arrayValue?.first
        let message = choice?["message"]
        var content: [JSONValue] = []
        if let text = message?["content"]?.stringValue, !text.isEmpty { content.append(.object(["type": "text", "text": .string(text)])) }
        for call in message?["tool_calls"]?.arrayValue ?? [] {
            let arguments = (try? JSONParser.parse(call["function"]?["arguments"]?.stringValue ?? "{}")) ?? .object([:])
            content.append(.object(["type": "tool_use", "id": call["id"] ?? "", "name": call["function"]?["name"] ?? "", "input": arguments]))
        }
        return .object([
            "id": .string("msg_" + (completion["id"]?.stringValue ?? "gateway")), "type": "message", "role": "assistant",
            "model": completion["model"] ?? "", "content": .array(content),
            "stop_reason": stopReason(choice?["finish_reason"]?.stringValue), "stop_sequence": .null,
            "usage": usage(completion["usage"]),
        ])
    }
}

/// Re-encodes the gateway's OpenAI stream as Anthropic's typed events
/// (message_start, content_block_*, message_delta, message_stop) on its way to the client.
public final class AnthropicStreamSink: ChatStreamSink, @unchecked Sendable {
    private let inner: any ChatStreamSink
    private let model: String
    private var parser = ServerSentEventParser()
    private var started = false
    private var openBlock: Int?
    private var blockCount = 0
    private var toolBlocks: [Int64: Int] = [:]
    private var stopReason: JSONValue = .null
    private var usage: JSONValue?
    private var ended = false
    private let lock = NSLock()

    public init(inner: any ChatStreamSink, model: String) {
        self.inner = inner
        self.model = model
    }

    public var isClosed: Bool { inner.isClosed }

    public var bufferedBytes: [UInt8] { (inner as? BufferedStreamSink)?.bytes ?? [] }

    public func write(_ bytes: [UInt8]) -> Bool {
        lock.withLock {
            for event in parser.feed(bytes) where !handle(event.data) { return false }
            return true
        }
    }

    /// Ends the message if the stream stopped without `[DONE]`.
    public func finish() {
        lock.withLock { _ = end() }
    }

    private func emit(_ type: String, _ payload: [String: JSONValue]) -> Bool {
        var fields = payload
        fields["type"] = .string(type)
        return inner.write(ServerSentEvent(event: type, data: JSONValue.object(fields).serialized(sortedKeys: false)).wire)
    }

    private func handle(_ data: String) -> Bool {
        if data == "[DONE]" { return end() }
        guard let chunk = try? JSONParser.parse(data) else { return true }
        if let error = chunk["error"] {
            return emit("error", ["error": .object(["type": error["type"] ?? "api_error", "message": error["message"] ?? ""])])
        }
        if !started {
            started = true
            let message: JSONValue = .object(["id": .string("msg_" + (chunk["id"]?.stringValue ?? "gateway")), "type": "message", "role": "assistant",
                                              "model": .string(model), "content": .array([]), "stop_reason": .null, "stop_sequence": .null,
                                              "usage": .object(["input_tokens": 0, "output_tokens": 0])])
            guard emit("message_start", ["message": message]) else { return false }
        }
        if let reported = chunk["usage"], !reported.isNull { usage = reported }
        guard let choice = chunk["choices"]?.arrayValue?.first else { return true }
        let delta = choice["delta"]
        if let text = delta?["content"]?.stringValue, !text.isEmpty {
            if openBlock == nil || toolBlocks.values.contains(openBlock ?? -1) {
                guard closeBlock(), emit("content_block_start", ["index": .int(Int64(blockCount)), "content_block": .object(["type": "text", "text": ""])]) else { return false }
                openBlock = blockCount
                blockCount += 1
            }
            guard emit("content_block_delta", ["index": .int(Int64(openBlock ?? 0)), "delta": .object(["type": "text_delta", "text": .string(text)])]) else { return false }
        }
        for call in delta?["tool_calls"]?.arrayValue ?? [] {
            let toolIndex = call["index"]?.int64Value ?? 0
            if toolBlocks[toolIndex] == nil {
                guard closeBlock() else { return false }
                toolBlocks[toolIndex] = blockCount
                openBlock = blockCount
                guard emit("content_block_start", ["index": .int(Int64(blockCount)), "content_block": .object([
                    "type": "tool_use", "id": call["id"] ?? "", "name": call["function"]?["name"] ?? "", "input": .object([:])])]) else { return false }
                blockCount += 1
            }
            if let arguments = call["function"]?["arguments"]?.stringValue, !arguments.isEmpty {
                guard emit("content_block_delta", ["index": .int(Int64(toolBlocks[toolIndex] ?? 0)),
                                                   "delta": .object(["type": "input_json_delta", "partial_json": .string(arguments)])]) else { return false }
            }
        }
        if let finish = choice["finish_reason"]?.stringValue { stopReason = AnthropicIngress.stopReason(finish) }
        return true
    }

    private func closeBlock() -> Bool {
        guard let index = openBlock else { return true }
        openBlock = nil
        return emit("content_block_stop", ["index": .int(Int64(index))])
    }

    private func end() -> Bool {
        guard started, !ended else { return true }
        ended = true
        guard closeBlock() else { return false }
        let outputTokens = usage?["completion_tokens"] ?? 0
        guard emit("message_delta", ["delta": .object(["stop_reason": stopReason, "stop_sequence": .null]),
                                     "usage": .object(["output_tokens": outputTokens])]) else { return false }
        return emit("message_stop", [:])
    }
}
