import GuardrailsCore

/// `guardrails.check` request.
struct CheckBody: Decodable, Sendable {
    let text: String
    let stage: Stage?
    let policy: String?
    let documents: [String]?
    /// The chat role of the text: `system` and `developer` skip the learned jailbreak classifier.
    let role: MessageRole?
}

/// `guardrails.restore` request and reply.
struct RestoreBody: Decodable, Sendable {
    let text: String
    let vaultKey: String

    enum CodingKeys: String, CodingKey {
        case text
        case vaultKey = "vault_key"
    }
}

struct RestoredText: Encodable, Sendable {
    let text: String
}

struct Empty: Decodable, Sendable {}

/// `guardrails.policies` reply.
struct PolicyList: Encodable, Sendable {
    struct RuleSummary: Encodable, Sendable {
        let rule: String
        let action: String
        let threshold: Double
    }

    struct PolicySummary: Encodable, Sendable {
        let name: String
        let description: String
        let input: [RuleSummary]
        let output: [RuleSummary]
    }

    let defaultPolicy: String
    let callers: [String: String]
    let policies: [PolicySummary]

    enum CodingKeys: String, CodingKey {
        case defaultPolicy = "default_policy", callers, policies
    }

    init(_ settings: GuardrailsSettings) {
        func rules(_ policy: Policy, _ stage: Stage) -> [RuleSummary] {
            policy.rules(for: stage).sorted { $0.key < $1.key }
                .map { RuleSummary(rule: $0.key.rawValue, action: $0.value.action.rawValue, threshold: $0.value.threshold) }
        }
        defaultPolicy = settings.defaultPolicy
        callers = settings.callers
        policies = settings.policyNames.map { name in
            let policy = settings.policies[name]!
            return PolicySummary(name: name, description: policy.description, input: rules(policy, .input), output: rules(policy, .output))
        }
    }
}

/// `guardrails.reload` reply.
struct ReloadSummary: Encodable, Sendable {
    let policies: [String]
    let terms: Int
}

/// Payload of `guardrails.blocked|redacted|warned`: which rules fired where, never the text,
/// the matched values or anything else that could carry personal data.
struct VerdictEvent: Encodable, Sendable {
    struct Hit: Encodable, Sendable {
        let rule: String
        let category: String
        let score: Double
        let action: String
        let source: String?
    }

    let action: String
    let policy: String
    let stage: String
    let caller: String
    let findings: [Hit]

    init(_ verdict: Verdict, caller: String) {
        action = verdict.action.rawValue
        policy = verdict.policy
        stage = verdict.stage.rawValue
        self.caller = caller
        findings = verdict.findings.map {
            Hit(rule: $0.finding.rule.rawValue, category: $0.finding.category, score: $0.finding.score,
                action: $0.action.rawValue, source: $0.finding.source)
        }
    }
}
