import Foundation

/// One benchmark result row.
struct Row {
    let name: String
    let value: Double
    let unit: String
    let target: String
    let met: Bool?
}

/// Monotonic nanoseconds.
@inline(__always) func now() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Runs `body` (which performs `iterations` operations) `rounds` times after a warm-up and
/// returns the median nanoseconds per operation: the median resists a noisy neighbour better
/// than the mean, and every round is long enough (tens of ms) to swamp timer overhead.
func nanosecondsPerOperation(iterations: Int, rounds: Int = 7, _ body: (Int) -> Void) -> Double {
    body(max(iterations / 10, 1))
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = now()
        body(iterations)
        samples.append(Double(now() - start) / Double(iterations))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

func printTable(_ rows: [Row]) {
    let header = ["benchmark", "result", "target", "met"]
    let cells = rows.map { row -> [String] in
        let value = row.value >= 100 ? String(format: "%.0f", row.value) : String(format: "%.1f", row.value)
        return [row.name, "\(value) \(row.unit)", row.target, row.met.map { $0 ? "yes" : "NO" } ?? "-"]
    }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in cells { print(line(row)) }
}
