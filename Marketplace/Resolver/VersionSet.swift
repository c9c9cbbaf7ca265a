/// A set of states one package can be in: state 0 is "not part of the result", state `i + 1` is
/// the package's `i`-th usable candidate, newest first. A bitset, so the term algebra of the
/// solver (intersection, union, complement) is exact whatever the ranges look like (`||`,
/// pre-release rules), and packages with up to 63 versions never touch the heap.
struct VersionSet: Hashable, Sendable {
    private var first: UInt64
    private var rest: [UInt64]

    static let empty = VersionSet(first: 0, rest: [])
    static let absent = VersionSet(state: 0)

    private init(first: UInt64, rest: [UInt64]) {
        self.first = first
        self.rest = rest
        trim()
    }

    init(state: Int) {
        self = .empty
        insert(state)
    }

    /// Every state of a package with `candidateCount` usable candidates, "absent" included.
    static func all(candidateCount: Int) -> VersionSet {
        var set = VersionSet.empty
        for state in 0...candidateCount { set.insert(state) }
        return set
    }

    init(states: some Sequence<Int>) {
        self = .empty
        for state in states { insert(state) }
    }

    mutating func insert(_ state: Int) {
        let word = state >> 6
        let bit = UInt64(1) << UInt64(state & 63)
        if word == 0 {
            first |= bit
            return
        }
        while rest.count < word { rest.append(0) }
        rest[word - 1] |= bit
    }

    func contains(_ state: Int) -> Bool {
        let word = state >> 6
        let bit = UInt64(1) << UInt64(state & 63)
        if word == 0 { return first & bit != 0 }
        return word - 1 < rest.count && rest[word - 1] & bit != 0
    }

    var isEmpty: Bool { first == 0 && rest.isEmpty }

    var count: Int { rest.reduce(first.nonzeroBitCount) { $0 + $1.nonzeroBitCount } }

    /// The lowest state in the set: "absent" if present, else the newest candidate.
    var lowest: Int? {
        if first != 0 { return first.trailingZeroBitCount }
        for (index, word) in rest.enumerated() where word != 0 { return (index + 1) * 64 + word.trailingZeroBitCount }
        return nil
    }

    /// The newest candidate in the set (ignoring "absent").
    var newestCandidate: Int? { removing(0).lowest }

    var states: [Int] {
        var result: [Int] = []
        for (index, word) in ([first] + rest).enumerated() {
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
        if rest.isEmpty || other.rest.isEmpty { return VersionSet(first: first & other.first, rest: []) }
        return VersionSet(first: first & other.first, rest: zip(rest, other.rest).map { $0 & $1 })
    }

    func union(_ other: VersionSet) -> VersionSet {
        if rest.isEmpty && other.rest.isEmpty { return VersionSet(first: first | other.first, rest: []) }
        var words = rest.count >= other.rest.count ? rest : other.rest
        for (index, word) in (rest.count >= other.rest.count ? other.rest : rest).enumerated() { words[index] |= word }
        return VersionSet(first: first | other.first, rest: words)
    }

    func subtracting(_ other: VersionSet) -> VersionSet {
        if rest.isEmpty { return VersionSet(first: first & ~other.first, rest: []) }
        var words = rest
        for (index, word) in other.rest.prefix(words.count).enumerated() { words[index] &= ~word }
        return VersionSet(first: first & ~other.first, rest: words)
    }

    func isSubset(of other: VersionSet) -> Bool {
        if first & ~other.first != 0 { return false }
        for (index, word) in rest.enumerated() where word & ~(index < other.rest.count ? other.rest[index] : 0) != 0 {
            return false
        }
        return true
    }

    func isDisjoint(with other: VersionSet) -> Bool {
        if first & other.first != 0 { return false }
        for (left, right) in zip(rest, other.rest) where left & right != 0 { return false }
        return true
    }

    /// Keeps one representation per set, so `==` and hashing compare contents.
    private mutating func trim() {
        while let last = rest.last, last == 0 { rest.removeLast() }
    }
}
