/// One message of a chat template.
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    /// The roles chat APIs (OpenAI, Anthropic, Gemini through adapters) accept.
    public static let roles: [String] = ["system", "developer", "user", "assistant", "tool"]
}

/// A template is plain text or a list of chat messages. In JSON it is a string or an array of
/// `{"role", "content"}` objects, the same shape MLflow's prompt registry uses.
public enum PromptTemplate: Sendable, Hashable {
    case text(String)
    case chat([ChatMessage])

    public var kind: String {
        switch self {
        case .text: "text"
        case .chat: "chat"
        }
    }

    /// Each piece of text that holds placeholders, with the field name errors should use.
    var fields: [(field: String, text: String)] {
        switch self {
        case .text(let text): [("template", text)]
        case .chat(let messages): messages.enumerated().map { ("template[\($0.offset)].content", $0.element.content) }
        }
    }

    /// The template as lines, for diffs: chat messages become a `[role]` header line followed by
    /// their content lines.
    var diffLines: [String] {
        switch self {
        case .text(let text): return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .chat(let messages):
            return messages.flatMap { message in
                ["[\(message.role)]"] + message.content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
    }

    func validate(maxBytes: Int) throws {
        switch self {
        case .text(let text):
            guard !text.isEmpty else { throw PromptError.invalid("template must not be empty") }
        case .chat(let messages):
            guard !messages.isEmpty else { throw PromptError.invalid("template must hold at least one chat message") }
            for (index, message) in messages.enumerated() where !ChatMessage.roles.contains(message.role) {
                throw PromptError.invalid("template[\(index)].role '\(message.role)' is not one of \(ChatMessage.roles.joined(separator: ", "))")
            }
        }
        let size = fields.reduce(0) { $0 + $1.text.utf8.count }
        guard size <= maxBytes else { throw PromptError.invalid("template is \(size) bytes, more than the limit of \(maxBytes)") }
    }
}

extension PromptTemplate: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let messages = try? container.decode([ChatMessage].self) {
            self = .chat(messages)
        } else {
            throw DecodingError.typeMismatch(PromptTemplate.self, .init(
                codingPath: decoder.codingPath,
                debugDescription: "a template is a string or an array of {\"role\", \"content\"} messages"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .chat(let messages): try container.encode(messages)
        }
    }
}
