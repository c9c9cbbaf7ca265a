import Foundation

/// Monotonic nanoseconds.
@inline(__always) func now() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Latency percentiles of one operation, each call timed on its own after a warm-up.
struct Percentiles {
    let p50: Double
    let p99: Double
    let count: Int

    static func measure(_ iterations: Int, warmUp: Int? = nil, _ body: (Int) throws -> Void) rethrows -> Percentiles {
        for index in 0..<(warmUp ?? max(iterations / 10, 1)) { try body(index) }
        var samples = [UInt64](repeating: 0, count: iterations)
        for index in 0..<iterations {
            let start = now()
            try body(index)
            samples[index] = now() - start
        }
        samples.sort()
        return Percentiles(p50: Double(samples[iterations / 2]), p99: Double(samples[min(iterations - 1, iterations * 99 / 100)]),
                           count: iterations)
    }
}

/// One line of the result table.
struct Row {
    let name: String
    let p50: String
    let p99: String
    let target: String
    let met: Bool?

    init(_ name: String, _ figures: Percentiles, unit: Unit = .microseconds, target: String = "-", limit: Double? = nil) {
        self.name = name
        p50 = unit.format(figures.p50)
        p99 = unit.format(figures.p99)
        self.target = target
        met = limit.map { figures.p50 <= $0 }
    }

    enum Unit {
        case microseconds, milliseconds
        func format(_ nanoseconds: Double) -> String {
            switch self {
            case .microseconds: String(format: "%.2f µs", nanoseconds / 1000)
            case .milliseconds: String(format: "%.2f ms", nanoseconds / 1_000_000)
            }
        }
    }
}

func printTable(_ rows: [Row]) {
    let header = ["benchmark", "p50", "p99", "target", "met"]
    let cells = rows.map { [$0.name, $0.p50, $0.p99, $0.target, $0.met.map { $0 ? "yes" : "NO" } ?? "-"] }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in cells { print(line(row)) }
}
