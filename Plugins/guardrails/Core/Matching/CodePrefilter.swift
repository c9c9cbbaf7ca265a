import GuardrailsByteClasses

/// Where a code pattern may start (`.code` folding), for `Lexicon` to walk the trie from there
/// instead of stepping the whole text through the automaton. In prose the automaton is almost
/// never at its root, since nearly every letter starts some pattern (`eval(`, `request.`,
/// `or 1=1--`), and each step is a load that depends on the one before, from a table larger
/// than the first-level cache: a scan of 1 KB took a seventh of a whole check.
///
/// A position is tried when it starts a word (a pattern that starts with a letter, digit or `_`
/// must: `Lexicon.accepts`), or holds punctuation or the first byte of a non-ASCII character,
/// its byte and the next one are a pair some pattern may start with, and, when its first three
/// bytes are printable ASCII (folded as they are), they start some pattern. Sixteen bytes are
/// classified at a time, so that letters inside words and white space cost nothing each.
struct CodePrefilter: Sendable, CandidateScan {
    /// Bit `first << 8 | second`: a pattern may start at a byte `first` followed by `second`.
    private var pairs = [UInt64](repeating: 0, count: 1 << 10)
    /// The first three folded bytes of every pattern (with any third byte for a two-byte one like
    /// `${`), hashed (`tripleBit`) into 2^15 bits: a word like `input` or `order` passes the pair
    /// test for `in`/`or` patterns, and a walk of the trie costs far more than this.
    private var triples = [UInt64](repeating: 0, count: 1 << 9)
    /// False when some pattern is one folded byte long: then no triple rules a start out.
    private let testsTriples: Bool

    /// Three printable ASCII bytes packed little-endian, letters lower-cased (and, harmlessly,
    /// some punctuation merged with other punctuation), to a bit of `triples`.
    @inline(__always) private static func tripleBit(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        let key = UInt64(first | 0x20) | UInt64(second | 0x20) &<< 8 | UInt64(third | 0x20) &<< 16
        return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 49)
    }

    /// `patterns` are `automaton`'s, folded (`.code`).
    init(_ automaton: Automaton, patterns: [[UInt8]]) {
        testsTriples = patterns.allSatisfy { $0.count >= 2 }
        // A pattern with a non-ASCII byte among its first three matches only text with one there,
        // which skips the test.
        for pattern in patterns where pattern.count >= 2 && pattern.prefix(3).allSatisfy({ $0 < 0x80 }) {
            for third in pattern.count >= 3 ? pattern[2]...pattern[2] : 0x21...0x7E {
                let bit = Self.tripleBit(pattern[0], pattern[1], third)
                triples[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        let classOf = automaton.byteClass
        pairs = automaton.withVerifier { verifier in
            var pairs = [UInt64](repeating: 0, count: 1 << 10)
            for first in 0..<256 {
                let symbol = classOf[first]
                guard symbol != Automaton.skipClass else { continue }
                // A byte to decode may fold to anything; a root edge with the output flag
                // (negative) ends a one-character pattern.
                let node = symbol == Automaton.decodeClass ? Int32.min : verifier.child(of: 0, symbol)
                guard node != -1 else { continue }
                for second in 0..<256 {
                    let next = classOf[second]
                    // White space is skipped and a byte to decode may fold to any character: such
                    // a second byte does not tell which character comes next.
                    if node < 0 || next >= Automaton.skipClass || verifier.child(of: Int(node), next) != -1 {
                        pairs[(first << 8 | second) >> 6] |= 1 << UInt64(second & 63)
                    }
                }
            }
            return pairs
        }
    }

    /// Calls `candidate(start)` for every position of `text` (valid UTF-8) where a pattern may
    /// start, in ascending order, until it returns false.
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ candidate: (Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        let triples = testsTriples ? self.triples : []
        pairs.withUnsafeBufferPointer { pairs in
        triples.withUnsafeBufferPointer { triples in
            let pairs = pairs.baseAddress!
            let count = text.count
            var index = 0
            var previousIsWord = false
            // Whole windows while the byte after the sixteenth (the last one's pair) is in the
            // text too; the rest from a copy padded with zeros, which count as white space.
            while index &+ 17 <= count {
                guard Self.window(base + index, at: index, in: text, pairs, triples, &previousIsWord, candidate) else { return }
                index &+= 16
            }
            guard index < count else { return }
            var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &padded) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[index...]))
                let bytes = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
                _ = Self.window(bytes, at: index, in: text, pairs, triples, &previousIsWord, candidate)
            }
        }
        }
    }

    /// The sixteen bytes at `bytes` (and the one after them): `text`'s from `offset` on, or a
    /// padded copy of its last ones. False when `candidate` asked to stop.
    @inline(__always)
    private static func window(_ bytes: UnsafePointer<UInt8>, at offset: Int, in text: UnsafeBufferPointer<UInt8>,
                               _ pairs: UnsafePointer<UInt64>, _ triples: UnsafeBufferPointer<UInt64>,
                               _ previousIsWord: inout Bool, _ candidate: (Int) -> Bool) -> Bool {
        let classes = guardrails_classify16(bytes)
        let word = classes.alphanumeric | classes.underscore
        let wordStarts = word & ~(word << 1 | (previousIsWord ? 1 : 0))
        let punctuation = ~(word | classes.blank | classes.non_ascii) & 0xFFFF
        var tried = wordStarts | punctuation | classes.lead
        previousIsWord = word & 0x8000 != 0
        while tried != 0 {
            let position = tried.trailingZeroBitCount
            tried &= tried &- 1
            let pair = Int(bytes[position]) &<< 8 | Int(bytes[position &+ 1])
            guard pairs[pair &>> 6] & (1 &<< UInt64(pair & 63)) != 0 else { continue }
            let start = offset &+ position
            if !triples.isEmpty, start &+ 3 <= text.count {
                let first = text[start], second = text[start &+ 1], third = text[start &+ 2]
                // Printable ASCII folds to itself (letters lower-cased); white space is skipped
                // and other bytes may fold to anything, so only three printable bytes decide.
                if first &- 0x21 < 0x5E, second &- 0x21 < 0x5E, third &- 0x21 < 0x5E {
                    let bit = tripleBit(first, second, third)
                    guard triples[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0 else { continue }
                }
            }
            // A character that folds to nothing starts nothing: a pattern after it starts there.
            if bytes[position] >= 0xC0, case .skip = Folding.fold(UTF8Scalar.decode(text, at: start).0, .code) { continue }
            if !candidate(start) { return false }
        }
        return true
    }
}

/// A scan for the positions where a pattern may start, each of which `Lexicon` verifies.
protocol CandidateScan {
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ candidate: (Int) -> Bool)
}
