extension TopicPattern {
    /// True when every topic `other` can match is also matched by `self`. The host uses it for
    /// permissions: a declared `llm.#` covers a subscription to `llm.*`, but `a.*` does not cover `a.#`
    /// (`a.#` matches `a`).
    ///
    /// Decided exactly rather than by comparing segments side by side, which gets cases like
    /// `*.#` versus `#.*` wrong: both patterns are run together over every word that can make a
    /// difference, looking for a topic `other` accepts and `self` refuses.
    public func covers(_ other: TopicPattern) -> Bool {
        if self == other { return true }
        // Words neither pattern names behave identically, so one stand-in (`nil`) represents them all.
        var alphabet: [String?] = [nil]
        alphabet += Set((segments + other.segments).compactMap(\.literalText)).sorted().map { $0 }

        struct Pair: Hashable {
            let mine: PatternPositions
            let theirs: PatternPositions
            /// A topic has at least one segment, so acceptance before any word is read does not count
            /// (`#` "matches" the empty topic, which cannot be published).
            let isTopic: Bool
        }
        let start = Pair(mine: .start(of: segments), theirs: .start(of: other.segments), isTopic: false)
        var seen: Set<Pair> = [start]
        var pending = [start]
        while let pair = pending.popLast() {
            if pair.isTopic && pair.theirs.isAccepting(for: other.segments) && !pair.mine.isAccepting(for: segments) {
                return false
            }
            for word in alphabet {
                let theirs = pair.theirs.advanced(over: other.segments) { $0 == word }
                if theirs.isEmpty { continue }  // `other` can no longer match: nothing to check on this path
                let next = Pair(mine: pair.mine.advanced(over: segments) { $0 == word }, theirs: theirs, isTopic: true)
                if seen.insert(next).inserted { pending.append(next) }
            }
        }
        return true
    }
}
