/// One text to check, with what the policy needs to know about it.
public struct CheckRequest: Sendable {
    public var text: String
    public var stage: Stage
    /// Explicit policy name; nil picks the caller's policy, then the default.
    public var policy: String?
    /// Calling plugin, for per-caller policies.
    public var caller: String?
    /// Retrieved documents going into the prompt: checked for injected instructions.
    public var documents: [String]
    /// Whose message the text is, when the caller knows (a chat message's role).
    public var role: MessageRole?

    public init(text: String, stage: Stage = .input, policy: String? = nil, caller: String? = nil, documents: [String] = [],
                role: MessageRole? = nil) {
        self.text = text
        self.stage = stage
        self.policy = policy
        self.caller = caller
        self.documents = documents
        self.role = role
    }
}

/// A chat message's role. The application's own instructions (`system`, `developer`) are not read
/// by the learned jailbreak classifier: it was trained on what users send, and reads role-setting
/// instructions ("You are a helpful assistant.") as the role play of an attack. The hand-weighted
/// scorer still checks them, so an attack planted in a system message is still caught when it
/// uses an attack's wording.
public enum MessageRole: String, Sendable, CaseIterable, Codable {
    case system, developer, user, assistant, tool

    var isApplicationInstruction: Bool { self == .system || self == .developer }
}

/// Replaces the built-in toxicity lexicon with another scorer (e.g. a model behind a capability).
public protocol ToxicityScorer: Sendable {
    /// Category → score in 0…1.
    func scores(for text: String) throws -> [String: Double]
}
