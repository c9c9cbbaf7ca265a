/// The eight rules. Raw values are the names used in config, replies and events.
public enum RuleID: String, Sendable, CaseIterable, Codable, Comparable {
    case sensitiveWords = "sensitive_words"
    case pii
    case toxicity
    case json
    case length
    case topics
    case jailbreak
    case codeSafety = "code_safety"

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where a text sits in a conversation: the prompt going in or the response coming out.
public enum Stage: String, Sendable, CaseIterable, Codable {
    case input
    case output
}
