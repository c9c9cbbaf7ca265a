/// The set of places a pattern can have reached after reading some topic words: a pattern is a tiny
/// automaton (a `#` loops and may be skipped), and simulating it as a set of positions avoids the
/// exponential backtracking a recursive matcher shows with several `#`.
struct PatternPositions: Hashable {
    /// `reached[i]`: the first `i` segments have been matched. Has `segments.count + 1` entries.
    private var reached: [Bool]

    static func start(of segments: [TopicSegment]) -> PatternPositions {
        var start = PatternPositions(reached: Array(repeating: false, count: segments.count + 1))
        start.reached[0] = true
        start.skipZeroWidthHashes(in: segments)
        return start
    }

    var isEmpty: Bool { !reached.contains(true) }

    func isAccepting(for segments: [TopicSegment]) -> Bool { reached[segments.count] }

    /// Positions after reading one word; `literalMatches` says whether the word equals a literal segment.
    func advanced(over segments: [TopicSegment], literalMatches: (String) -> Bool) -> PatternPositions {
        var next = PatternPositions(reached: Array(repeating: false, count: reached.count))
        for index in segments.indices where reached[index] {
            switch segments[index] {
            case .literal(let literal): if literalMatches(literal) { next.reached[index + 1] = true }
            case .anyOne: next.reached[index + 1] = true
            case .anyMany: next.reached[index] = true
            }
        }
        next.skipZeroWidthHashes(in: segments)
        return next
    }

    /// A `#` may match nothing, so reaching it also reaches the segment after it. One ascending pass
    /// suffices because the step only ever moves forward.
    private mutating func skipZeroWidthHashes(in segments: [TopicSegment]) {
        for index in segments.indices where reached[index] && segments[index] == .anyMany {
            reached[index + 1] = true
        }
    }
}
