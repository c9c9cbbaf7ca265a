import AIPConfig

/// Parsing and writing the JSON bodies the gateway passes between clients and upstreams.
public enum JSONBody {
    /// The body as a JSON value, or an `invalid_request_error` naming where it went wrong.
    public static func parse(_ bytes: some Collection<UInt8>, what: String = "request body") throws(GatewayError) -> JSONValue {
        guard !bytes.isEmpty else { throw .invalidRequest("the \(what) is empty; send a JSON object") }
        do {
            return try JSONParser.parse(String(decoding: bytes, as: UTF8.self), source: what)
        } catch {
            throw .invalidRequest("the \(what) is not valid JSON: \(error)")
        }
    }

    public static func bytes(_ value: JSONValue) -> [UInt8] {
        value.serializedBytes(sortedKeys: false)
    }
}

extension JSONValue {
    /// Members of an object, or an empty dictionary for anything else.
    public var members: [String: JSONValue] { objectValue ?? [:] }

    /// The text of a chat message's `content`: a string, or the `text` parts of an array of parts.
    public var contentText: String {
        switch self {
        case .string(let text): return text
        case .array(let parts):
            return parts.compactMap { part -> String? in
                if let text = part.stringValue { return text }
                return part["text"]?.stringValue
            }.joined(separator: "\n")
        default: return ""
        }
    }
}
