/// A subscription or permission pattern: segments separated by '.', where `*` stands for exactly one
/// segment and `#` for zero or more (so `a.#` matches `a`, `a.b` and `a.b.c`).
public struct TopicPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let segments: [TopicSegment]

    public init(_ text: String) throws(EventBusError) {
        self.segments = try TopicSyntax.parse(text, as: .pattern)
        self.text = text
    }

    public var description: String { text }

    // Equality is by text: the segments are derived from it.
    public static func == (lhs: TopicPattern, rhs: TopicPattern) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Does the concrete `topic` fall under this pattern?
    public func matches(_ topic: String) -> Bool {
        matches(words: topic.split(separator: ".", omittingEmptySubsequences: false))
    }

    /// The bus splits a topic once and asks every subscription with the same words.
    func matches(words: [Substring]) -> Bool {
        var positions = PatternPositions.start(of: segments)
        for word in words {
            positions = positions.advanced(over: segments) { literal in literal == word }
            if positions.isEmpty { return false }
        }
        return positions.isAccepting(for: segments)
    }
}
