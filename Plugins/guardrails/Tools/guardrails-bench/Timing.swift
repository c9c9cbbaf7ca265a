#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// p50 and p99 of `iterations` timed calls of `body`, in microseconds, after a warm-up.
func latencyPercentiles(iterations: Int, _ body: () throws -> Void) rethrows -> (p50: Double, p99: Double) {
    for _ in 0..<(iterations / 10) { try body() }
    var samples: [UInt64] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = monotonicNanoseconds()
        try body()
        samples.append(monotonicNanoseconds() - start)
    }
    samples.sort()
    func micros(_ fraction: Double) -> Double { Double(samples[min(samples.count - 1, Int(Double(samples.count) * fraction))]) / 1000 }
    return (micros(0.5), micros(0.99))
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

struct Row {
    let name: String
    let value: String
    let target: String
    let met: Bool?
}

func printTable(_ rows: [Row]) {
    let header = ["benchmark", "result", "target", "met"]
    let cells = rows.map { [$0.name, $0.value, $0.target, $0.met.map { $0 ? "yes" : "NO" } ?? "-"] }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in cells { print(line(row)) }
}
