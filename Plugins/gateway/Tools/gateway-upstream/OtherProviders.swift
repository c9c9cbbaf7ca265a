import AIPConfig
import GatewayCore

// Anthropic's Messages API and Gemini's generateContent: enough to check the gateway's
// translations (text, streaming, usage with cached tokens).

func anthropicMessages(_ head: HTTPRequestHead, _ bytes: [UInt8], _ responder: HTTPResponder, _ stats: Stats) {
    stats.add("anthropic_requests")
    let object = jsonObject(bytes)
    guard let object, let model = object["model"]?.stringValue, let messages = object["messages"]?.arrayValue,
          messages.allSatisfy({ $0.objectValue != nil }), object["max_tokens"]?.int64Value != nil, head.header("anthropic-version") != nil else {
        return Reply.error(400, "invalid_request_error", "invalid_body",
                           "not an Anthropic messages request (model, messages, max_tokens and the anthropic-version header are required)")
            .send(with: responder)
    }
    let userText = contentText(messages.last { $0["role"]?.stringValue == "user" }?["content"])
    let system = object["system"]?.stringValue ?? ""
    let text = "Echo: " + userText + (system.isEmpty ? "" : " [system: \(system)]")
    let promptTokens = words(userText) + words(system)
    guard object["stream"]?.boolValue == true else {
        return Reply.json("{\"id\":\"msg_fixture\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\(quoted(model)),\"content\":[{\"type\":\"text\",\"text\":\(quoted(text))}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":\(promptTokens),\"output_tokens\":\(words(text)),\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":1}}")
            .send(with: responder)
    }
    let pieces = text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
    var events = [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fixture\",\"model\":\(quoted(model)),\"usage\":{\"input_tokens\":\(promptTokens),\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":1,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
    ]
    events += pieces.map {
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(quoted($0))}}\n\n"
    }
    events += [
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":\(words(text))}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]
    _ = events.allSatisfy(EventStream.start(responder).send)
}

/// `action` is the last path segment: `MODEL:generateContent` or `MODEL:streamGenerateContent`.
func gemini(_ action: String, _ bytes: [UInt8], _ responder: HTTPResponder, _ stats: Stats) {
    stats.add("gemini_requests")
    guard let contents = jsonObject(bytes)?["contents"]?.arrayValue, contents.allSatisfy({ $0.objectValue != nil }) else {
        return Reply.error(400, "INVALID_ARGUMENT", "invalid_body", "not a generateContent request").send(with: responder)
    }
    let parts = contents.last?["parts"]?.arrayValue ?? []
    let userText = parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    let text = "Echo: " + userText
    let usage = "{\"promptTokenCount\":\(words(userText) + 4),\"candidatesTokenCount\":\(words(text)),\"cachedContentTokenCount\":4,\"totalTokenCount\":\(words(userText) + 4 + words(text))}"
    guard has(":streamGenerateContent", in: action) else {
        return Reply.json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\(quoted(text))}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":\(usage),\"modelVersion\":\"gemini-fixture\"}")
            .send(with: responder)
    }
    let pieces = text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
    let events = pieces.enumerated().map { index, piece in
        let tail = index == pieces.count - 1 ? ",\"finishReason\":\"STOP\"}],\"usageMetadata\":\(usage)}" : "}]}"
        return "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\(quoted(piece))}]}\(tail)\r\n\r\n"
    }
    _ = events.allSatisfy(EventStream.start(responder).send)
}
