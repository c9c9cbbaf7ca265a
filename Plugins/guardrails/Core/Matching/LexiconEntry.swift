/// Which rule a lexicon entry serves. All lexicon rules share one automaton, so one pass over
/// the text serves sensitive words, allow-lists, toxicity, topics and jailbreak phrases.
public enum LexiconRole: UInt8, Sendable {
    case sensitive
    case allow
    case toxicity
    case topic
    case jailbreak
    case codeSafety
}

/// One term or phrase to look for.
public struct LexiconEntry: Sendable, Equatable {
    public var text: String
    public var role: LexiconRole
    /// Sensitive-word list name, toxicity category, topic name, jailbreak signal group.
    public var category: String
    /// Score (sensitive words), weight (toxicity, topics, jailbreak signals).
    public var weight: Double
    /// Where the entry came from (`terms/extra.txt:12`, `config`, `built-in`), for error messages.
    public var origin: String

    public init(text: String, role: LexiconRole, category: String, weight: Double, origin: String) {
        self.text = text
        self.role = role
        self.category = category
        self.weight = weight
        self.origin = origin
    }
}

/// An occurrence of an entry in the checked text, in byte offsets of the original text.
struct LexiconHit: Equatable {
    var entry: Int32
    var start: Int
    var end: Int
}
