/// A half-open span of the checked text, in UTF-8 bytes and in characters (Unicode scalars).
public struct TextSpan: Sendable, Equatable, Codable {
    public var utf8Start: Int
    public var utf8End: Int
    public var characterStart: Int
    public var characterEnd: Int

    public init(utf8Start: Int, utf8End: Int, characterStart: Int, characterEnd: Int) {
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.characterStart = characterStart
        self.characterEnd = characterEnd
    }

    enum CodingKeys: String, CodingKey {
        case utf8Start = "utf8_start", utf8End = "utf8_end"
        case characterStart = "char_start", characterEnd = "char_end"
    }
}

/// One thing a rule found. `reason` is for people and never quotes the matched text, so findings
/// can be logged and published without leaking what they point at.
public struct Finding: Sendable, Equatable, Codable {
    public var rule: RuleID
    /// What kind of thing: `email`, `cn_resident_id`, `insult`, `politics`, `instruction_override`…
    public var category: String
    /// Nil for findings about the whole text (length, JSON validity, toxicity totals).
    public var span: TextSpan?
    /// 0…1: how sure the rule is.
    public var score: Double
    public var reason: String
    /// Set when the finding is in a retrieved document rather than the text itself: `documents[2]`.
    public var source: String?

    public init(rule: RuleID, category: String, span: TextSpan?, score: Double, reason: String, source: String? = nil) {
        self.rule = rule
        self.category = category
        self.span = span
        self.score = score
        self.reason = reason
        self.source = source
    }
}

/// A finding before character offsets are known: rules work in bytes, and the engine converts all
/// spans in one pass at the end.
struct RawFinding {
    var rule: RuleID
    var category: String
    var start: Int
    var end: Int
    var score: Double
    var reason: String
    /// False for findings about the whole text.
    var hasSpan: Bool = true

    static func whole(_ rule: RuleID, _ category: String, score: Double, reason: String) -> RawFinding {
        RawFinding(rule: rule, category: category, start: 0, end: 0, score: score, reason: reason, hasSpan: false)
    }
}
