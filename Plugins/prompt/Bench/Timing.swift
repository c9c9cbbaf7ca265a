import AIPBenchSupport
import Foundation

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
    printTable(header: ["benchmark", "p50", "p99", "target", "met"], rows: rows.map { [$0.name, $0.p50, $0.p99, $0.target, verdict($0.met)] })
}
