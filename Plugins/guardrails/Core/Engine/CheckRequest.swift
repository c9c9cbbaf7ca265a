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

    public init(text: String, stage: Stage = .input, policy: String? = nil, caller: String? = nil, documents: [String] = []) {
        self.text = text
        self.stage = stage
        self.policy = policy
        self.caller = caller
        self.documents = documents
    }
}

/// Replaces the built-in toxicity lexicon with another scorer (e.g. a model behind a capability).
public protocol ToxicityScorer: Sendable {
    /// Category → score in 0…1.
    func scores(for text: String) throws -> [String: Double]
}
