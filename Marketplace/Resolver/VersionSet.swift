/// A set of states one package can be in: state 0 is "not part of the result", state `i + 1` is
/// the package's `i`-th usable candidate, newest first. A bitset, so the term algebra of the
/// solver (intersection, union, complement) is exact whatever the ranges look like (`||`,
/// pre-release rules). Packages with up to 63 versions fit one machine word with no reference
/// to count, which keeps the solver's inner loop free of retain/release.
enum VersionSet: Hashable, Sendable {
    case small(UInt64)
    /// More than 64 states: words, least significant first, never ending in a zero word and
    /// never fitting in one word (so each set has one representation and `==` compares contents).
    case large([UInt64])

    static let empty = VersionSet.small(0)
    static let absent = VersionSet.small(1)

    init(state: Int) {
        self = .empty
        insert(state)
    }

    init(states: some Sequence<Int>) {
        self = .empty
        for state in states { insert(state) }
    }

    /// Every state of a package with `candidateCount` usable candidates, "absent" included.
    static func all(candidateCount: Int) -> VersionSet {
        VersionSet(states: 0...candidateCount)
    }

    private init(words: [UInt64]) {
        var words = words
        while words.count > 1, words[words.count - 1] == 0 { words.removeLast() }
        self = words.count <= 1 ? .small(words.first ?? 0) : .large(words)
    }

    private var words: [UInt64] {
        switch self {
        case .small(let word): return [word]
        case .large(let words): return words
        }
    }

    private func word(_ index: Int) -> UInt64 {
        switch self {
        case .small(let word): return index == 0 ? word : 0
        case .large(let words): return index < words.count ? words[index] : 0
        }
    }

    mutating func insert(_ state: Int) {
        let bit = UInt64(1) << UInt64(state & 63)
        if case .small(let word) = self, state < 64 {
            self = .small(word | bit)
            return
        }
        var words = self.words
        while words.count <= state >> 6 { words.append(0) }
        words[state >> 6] |= bit
        self = VersionSet(words: words)
    }

    func contains(_ state: Int) -> Bool {
        word(state >> 6) & (UInt64(1) << UInt64(state & 63)) != 0
    }

    var isEmpty: Bool {
        if case .small(let word) = self { return word == 0 }
        return false
    }

    var count: Int {
        switch self {
        case .small(let word): return word.nonzeroBitCount
        case .large(let words): return words.reduce(0) { $0 + $1.nonzeroBitCount }
        }
    }

    /// The lowest state in the set: "absent" if present, else the newest candidate.
    var lowest: Int? {
        switch self {
        case .small(let word): return word == 0 ? nil : word.trailingZeroBitCount
        case .large(let words):
            for (index, word) in words.enumerated() where word != 0 { return index * 64 + word.trailingZeroBitCount }
            return nil
        }
    }

    /// The newest candidate in the set (ignoring "absent").
    var newestCandidate: Int? { removing(0).lowest }

    var states: [Int] {
        var result: [Int] = []
        for (index, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                result.append(index * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }

    func removing(_ state: Int) -> VersionSet {
        subtracting(VersionSet(state: state))
    }

    func intersection(_ other: VersionSet) -> VersionSet {
        if case .small(let left) = self, case .small(let right) = other { return .small(left & right) }
        return combined(with: other) { $0 & $1 }
    }

    func union(_ other: VersionSet) -> VersionSet {
        if case .small(let left) = self, case .small(let right) = other { return .small(left | right) }
        return combined(with: other) { $0 | $1 }
    }

    func subtracting(_ other: VersionSet) -> VersionSet {
        if case .small(let left) = self, case .small(let right) = other { return .small(left & ~right) }
        return combined(with: other) { $0 & ~$1 }
    }

    func isSubset(of other: VersionSet) -> Bool {
        if case .small(let left) = self, case .small(let right) = other { return left & ~right == 0 }
        return combined(with: other) { $0 & ~$1 }.isEmpty
    }

    func isDisjoint(with other: VersionSet) -> Bool {
        if case .small(let left) = self, case .small(let right) = other { return left & right == 0 }
        return intersection(other).isEmpty
    }

    private func combined(with other: VersionSet, _ operation: (UInt64, UInt64) -> UInt64) -> VersionSet {
        let length = max(words.count, other.words.count)
        return VersionSet(words: (0..<length).map { operation(word($0), other.word($0)) })
    }
}
