import AIPHost

/// How many calls ended with each status, for "1000 inputs: 3 ok, 997 invalid_argument".
struct StatusTally {
    private var counts: [Int32: Int] = [:]

    mutating func add(_ status: Int32, count: Int = 1) {
        counts[status, default: 0] += count
    }

    mutating func merge(_ other: StatusTally) {
        for (status, count) in other.counts { add(status, count: count) }
    }

    var total: Int { counts.values.reduce(0, +) }

    var description: String {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.value) \(HostErrors.codeName($0.key))" }
            .joined(separator: ", ")
    }
}
