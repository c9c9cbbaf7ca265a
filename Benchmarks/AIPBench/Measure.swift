import AIPBenchSupport
import Foundation

/// One benchmark result row.
struct Row {
    let name: String
    let value: Double
    let unit: String
    let target: String
    let met: Bool?
}

func printTable(_ rows: [Row]) {
    printTable(header: ["benchmark", "result", "target", "met"], rows: rows.map { row in
        let value = row.value >= 100 ? String(format: "%.0f", row.value) : String(format: "%.1f", row.value)
        return [row.name, "\(value) \(row.unit)", row.target, verdict(row.met)]
    })
}
