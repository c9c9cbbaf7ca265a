import AIPConfig

/// Pieces shared by the adapters that translate OpenAI chat requests to other providers.
enum ChatTranslation {
    static func finishReason(anthropic stopReason: String?) -> JSONValue {
        switch stopReason {
        case "end_turn", "stop_sequence", "pause_turn": return "stop"
        case "max_tokens": return "length"
        case "tool_use": return "tool_calls"
        case "refusal": return "content_filter"
        case .some(let other): return .string(other)
        case .none: return .null
        }
    }

    static func finishReason(gemini reason: String?) -> JSONValue {
        switch reason {
        case "STOP": return "stop"
        case "MAX_TOKENS": return "length"
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII": return "content_filter"
        case .some(let other): return .string(other.lowercased())
        case .none: return .null
        }
    }

    /// A tool call's `arguments` (JSON text in OpenAI's API) as the object other providers want.
    static func arguments(_ text: JSONValue?, at path: String) throws(GatewayError) -> JSONValue {
        guard let raw = text?.stringValue, !raw.isEmpty else { return .object([:]) }
        do {
            return try JSONParser.parse(raw, source: path)
        } catch {
            throw .invalidRequest("\(path) is not valid JSON: \(error)", param: path)
        }
    }

    /// The system and developer messages joined: providers other than OpenAI take them apart.
    static func systemText(_ messages: [JSONValue]) -> String? {
        let parts = messages.filter { ["system", "developer"].contains($0["role"]?.stringValue ?? "") }
            .map { $0["content"]?.contentText ?? "" }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// An instruction that stands in for `response_format` where a provider has no such field.
    static func formatInstruction(_ format: JSONValue?) -> String? {
        guard let type = format?["type"]?.stringValue, type != "text" else { return nil }
        if let schema = format?["json_schema"]?["schema"] {
            return "Answer with a single JSON value, no prose, that conforms to this JSON Schema: \(schema.serialized())"
        }
        return "Answer with a single JSON object, no prose."
    }

    static func chunk(id: String, created: Int64, model: String, delta: [String: JSONValue], finish: JSONValue = .null) -> JSONValue {
        .object([
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "choices": .array([.object(["index": 0, "delta": .object(delta), "finish_reason": finish])]),
        ])
    }

    static func completion(id: String, created: Int64, model: String, message: [String: JSONValue], finish: JSONValue, usage: Usage) -> JSONValue {
        .object([
            "id": .string(id), "object": "chat.completion", "created": .int(created), "model": .string(model),
            "choices": .array([.object(["index": 0, "message": .object(message), "finish_reason": finish, "logprobs": .null])]),
            "usage": usage.json,
        ])
    }

    static func int(_ value: JSONValue?) -> Int { Int(value?.int64Value ?? 0) }
}
