/// Entries compiled into one automaton, with the checks that keep folding from matching too
/// much: an entry that starts (ends) with a Latin letter or digit must start (end) at a word
/// boundary, so `ass` does not fire inside `class`; and a single Latin word spread over white
/// space must be spelt out letter by letter (`i d i o t`), so `an al` is not `anal`.
public final class Lexicon: Sendable {
    public let entries: [LexiconEntry]
    /// `entries[i].role`, kept apart so hot loops read one byte instead of copying an entry.
    let roles: [LexiconRole]
    let automaton: Automaton
    /// Entry indices of each automaton pattern (several entries may fold to one pattern):
    /// pattern `p`'s are `patternEntries[patternEntryStart[p]..<patternEntryStart[p + 1]]`, in one
    /// flat array so that reporting a hit retains no inner array.
    private let patternEntries: [Int32]
    private let patternEntryStart: [Int32]
    private let boundaries: [Boundary]
    /// Where a pattern may start, by mode. The automaton's full scan, a dependent load per byte
    /// from a table larger than the caches, is only the reference the tests check these against.
    private let candidates: Candidates

    private enum Candidates {
        case lexicon(Prefilter)
        case code(CodePrefilter)
    }

    private struct Boundary {
        var start: Bool
        var end: Bool
        /// A single Latin word: white space inside a match must separate single letters.
        var singleWord: Bool
        /// Code patterns ending in `/`, `~` or `*` (`rm -rf /`) must not continue as a path.
        var pathEnd: Bool
    }

    public var memoryFootprint: Int { automaton.memoryFootprint }
    public var stateCount: Int { automaton.stateCount }

    public init(_ entries: [LexiconEntry], mode: FoldMode = .lexicon) {
        self.entries = entries
        roles = entries.map(\.role)
        var patternIndex: [[UInt8]: Int] = [:]
        var patterns: [[UInt8]] = []
        var owners: [[Int32]] = []
        var boundaries: [Boundary] = []
        for (index, entry) in entries.enumerated() {
            let folded = Folding.foldedBytes(of: entry.text, mode)
            guard !folded.isEmpty else { continue }
            let first = folded.first!, last = folded.last!
            let wordLike = { (byte: UInt8) in byte < 0x80 && (byte.isLetterOrDigit || byte == UInt8(ascii: "_")) }
            let hasSpace = entry.text.unicodeScalars.contains { $0 == " " }
            let boundary = Boundary(start: wordLike(first), end: last < 0x80 && last.isLetterOrDigit,
                                    singleWord: !hasSpace && folded.allSatisfy { $0 < 0x80 },
                                    pathEnd: mode == .code && [UInt8(ascii: "/"), UInt8(ascii: "~"), UInt8(ascii: "*")].contains(last))
            if let existing = patternIndex[folded] {
                owners[existing].append(Int32(index))
            } else {
                patternIndex[folded] = patterns.count
                patterns.append(folded)
                owners.append([Int32(index)])
                boundaries.append(boundary)
            }
        }
        automaton = Automaton(folded: patterns, mode: mode)
        patternEntries = owners.flatMap { $0 }
        var starts: [Int32] = [0]
        starts.reserveCapacity(owners.count + 1)
        for owned in owners { starts.append(starts.last! + Int32(owned.count)) }
        patternEntryStart = starts
        self.boundaries = boundaries
        switch mode {
        case .lexicon: candidates = .lexicon(Prefilter(patterns))
        case .code: candidates = .code(CodePrefilter(automaton, patterns: patterns))
        }
    }

    /// Every accepted occurrence, ordered by start offset (then end), at most `limit` of them.
    func hits(in text: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> [LexiconHit] {
        var hits: [LexiconHit] = []
        hits.reserveCapacity(64)
        occurrences(in: text) { pattern, start, end in
            for slot in Int(patternEntryStart[Int(pattern)])..<Int(patternEntryStart[Int(pattern) + 1]) where hits.count < limit {
                hits.append(LexiconHit(entry: patternEntries[slot], start: start, end: end))
            }
            return hits.count < limit
        }
        // In start order already: candidates come in ascending order, each one's patterns by end.
        return hits
    }

    /// Number of accepted occurrences (for benchmarks and term-list statistics).
    public func count(in text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        occurrences(in: text) { _, _, _ in
            count += 1
            return true
        }
        return count
    }

    /// The same count by the plain automaton scan, without a prefilter: the reference the
    /// prefilters are tested against.
    func countByFullScan(in text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        fullScan(text) { _, _, _ in
            count += 1
            return true
        }
        return count
    }

    /// Calls `found(pattern, start, end)` for every accepted occurrence until it returns false.
    private func occurrences(in text: UnsafeBufferPointer<UInt8>, _ found: (Int32, Int, Int) -> Bool) {
        switch candidates {
        case .lexicon(let prefilter): prefilteredScan(text, prefilter, found)
        case .code(let prefilter): prefilteredScan(text, prefilter, found)
        }
    }

    private func fullScan(_ text: UnsafeBufferPointer<UInt8>, _ found: (Int32, Int, Int) -> Bool) {
        var more = true
        automaton.scan(text) { pattern, end in
            guard more else { return }
            let start = automaton.start(ofPattern: pattern, endingAt: end, in: text)
            if accepts(pattern: Int(pattern), start: start, end: end, in: text) { more = found(pattern, start, end) }
        }
    }

    /// Walks the automaton only from the positions `prefilter` finds, which may start a pattern:
    /// most of the text is read once, with look-ups in bitmaps that stay in cache, instead of
    /// stepping through a transition table too large for it.
    private func prefilteredScan(_ text: UnsafeBufferPointer<UInt8>, _ prefilter: some CandidateScan, _ found: (Int32, Int, Int) -> Bool) {
        let mode = automaton.mode
        // Everything the per-candidate closures touch is a plain pointer: a candidate that turns
        // out not to match (most of them) then costs no reference counting.
        var more = true
        automaton.withVerifier { verifier in
            boundaries.withUnsafeBufferPointer { boundaries in
                prefilter.scan(text) { start in
                    verifier.matchesStarting(at: start, in: text) { pattern, end in
                        guard more, Self.accepts(boundaries[Int(pattern)], mode: mode, start: start, end: end, in: text) else { return }
                        more = found(pattern, start, end)
                    }
                    return more
                }
            }
        }
    }

    private func accepts(pattern: Int, start: Int, end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        Self.accepts(boundaries[pattern], mode: automaton.mode, start: start, end: end, in: text)
    }

    private static func accepts(_ boundary: Boundary, mode: FoldMode, start: Int, end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        if boundary.start, start > 0, Folding.isWordScalar(text, at: UTF8Scalar.previousStart(text, before: start)) {
            return false
        }
        if boundary.end, end < text.count, Folding.isWordScalar(text, at: end) { return false }
        if boundary.pathEnd, end < text.count {
            let next = text[end]
            if next.isWordByte || next == UInt8(ascii: ".") || next == UInt8(ascii: "/") || next == UInt8(ascii: "-") { return false }
        }
        if boundary.singleWord, mode == .lexicon, !isLetterSpaced(text, start, end) { return false }
        return true
    }

    /// True when the span has no white space, or every run between white space is one scalar.
    private static func isLetterSpaced(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var sawSpace = false
        var runLength = 0
        var longestRun = 0
        var index = start
        while index < end {
            let byte = text[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                sawSpace = true
                runLength = 0
                index += 1
                continue
            }
            let (_, length) = UTF8Scalar.decode(text, at: index)
            if Folding.foldedLength(text, at: index, .lexicon).folded > 0 { runLength += 1 }
            longestRun = max(longestRun, runLength)
            index += length
        }
        return !sawSpace || longestRun <= 1
    }

}

extension UInt8 {
    @inline(__always) var isLetterOrDigit: Bool { self &- 0x30 < 10 || (self | 0x20) &- 0x61 < 26 }
}
