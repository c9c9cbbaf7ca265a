import Foundation

/// Prints a Markdown table with columns padded to their widest cell, so the output reads in a
/// terminal and pastes into a README as it is.
public func printTable(header: [String], rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + widths.indices.map { index in
            (index < row.count ? row[index] : "").padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in rows { print(line(row)) }
}

/// "yes", "NO" or "-" for a target that was met, missed or not set.
public func verdict(_ met: Bool?) -> String {
    met.map { $0 ? "yes" : "NO" } ?? "-"
}

/// A failure that stops a benchmark with a message.
public struct BenchFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
