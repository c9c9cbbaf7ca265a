/// The outcome of checking one text against one policy at one stage.
public struct Verdict: Sendable, Codable {
    public var action: GuardAction
    public var policy: String
    public var stage: Stage
    /// Findings at or above their rule's threshold, in text order. Each carries the action its
    /// rule applied.
    public var findings: [AppliedFinding]
    /// The text with every `redact` finding replaced; nil when nothing was redacted.
    public var redactedText: String?
    /// Key that restores `placeholder` redactions through `Vault.restore`; nil when none.
    public var vaultKey: String?
    /// The JSON output repaired (code fences, trailing commas…) when the policy allows repair and
    /// the repaired text passes the schema.
    public var repairedText: String?

    enum CodingKeys: String, CodingKey {
        case action, policy, stage, findings
        case redactedText = "redacted_text", vaultKey = "vault_key", repairedText = "repaired_text"
    }
}

/// A finding together with the action the policy gave it.
public struct AppliedFinding: Sendable, Codable, Equatable {
    public var finding: Finding
    public var action: GuardAction

    public init(finding: Finding, action: GuardAction) {
        self.finding = finding
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case rule, category, span, score, reason, source, action
    }

    public init(from decoder: any Decoder) throws {
        finding = try Finding(from: decoder)
        action = try decoder.container(keyedBy: CodingKeys.self).decode(GuardAction.self, forKey: .action)
    }

    public func encode(to encoder: any Encoder) throws {
        try finding.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
    }
}
