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

    /// Position in `allCases`: the order findings are reported in.
    var ordinal: Int {
        switch self {
        case .sensitiveWords: 0
        case .pii: 1
        case .toxicity: 2
        case .json: 3
        case .length: 4
        case .topics: 5
        case .jailbreak: 6
        case .codeSafety: 7
        }
    }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.ordinal < rhs.ordinal }

    // By position rather than by raw value: hashing the name showed up in every check's profile.
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
    public static func == (lhs: RuleID, rhs: RuleID) -> Bool { lhs.ordinal == rhs.ordinal }
}

/// Where a text sits in a conversation: the prompt going in or the response coming out.
public enum Stage: String, Sendable, CaseIterable, Codable {
    case input
    case output
}
