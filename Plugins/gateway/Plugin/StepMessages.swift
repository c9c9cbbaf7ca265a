/// The request and reply bodies of the capabilities the gateway's steps call, as far as the
/// gateway writes and reads them (see the guardrails and cost READMEs for the full shapes).
/// Optional members that are nil are left out of a request; members the gateway does not read
/// are skipped in a reply.

/// `guardrails.check` request.
struct CheckRequestBody: Encodable {
    let text: String
    let stage: String
    let policy: String?
    let role: String?
}

/// `guardrails.check` reply: the action, the policy, what fired and the redacted text.
struct CheckReply: Decodable {
    struct Finding: Decodable {
        let category: String?
    }

    let action: String?
    let policy: String?
    let findings: [Finding]?
    let redactedText: String?

    enum CodingKeys: String, CodingKey {
        case action, policy, findings
        case redactedText = "redacted_text"
    }
}

/// `cost.check` request.
struct BudgetCheckBody: Encodable {
    let provider: String
    let model: String
    let inputTokens: Int
    let maxOutputTokens: Int
    let project: String?
    let user: String?
    let tenant: String?

    enum CodingKeys: String, CodingKey {
        case provider, model, project, user, tenant
        case inputTokens = "input_tokens"
        case maxOutputTokens = "max_output_tokens"
    }
}

/// `cost.check` reply: whether a hard budget denies, and why.
struct BudgetCheckReply: Decodable {
    struct Denial: Decodable {
        let reason: String?
    }

    let allowed: Bool?
    let denials: [Denial]?
}
