import Foundation

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct BenchRow {
    let name: String
    let bytes: Int
    let seconds: Double
}

/// Median wall-clock seconds of `rounds` runs after one warm-up run.
func median(_ rounds: Int, _ body: () throws -> Void) throws -> Double {
    try body()
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return samples.sorted()[samples.count / 2]
}

func printTable(_ rows: [BenchRow]) {
    let header = ["path", "time", "throughput"]
    let cells = rows.map { [$0.name, String(format: "%.1f ms", $0.seconds * 1000),
                            String(format: "%.0f MiB/s", Double($0.bytes) / 1_048_576 / $0.seconds)] }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in cells { print(line(row)) }
}

/// The test fixture server, started on a free port of 127.0.0.1.
final class LoopbackServer {
    let port: Int
    private let process = Process()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/AIPMarketFetchTests/Fixtures/range_server.py").standardized.path

    init(root: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", Self.script, root]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchFailure("\(Self.script) did not start (python3 on PATH?)")
        }
        self.port = port
    }

    private var round = 0

    /// A URL with a fresh query per call, so per-URL server modes (dieonce) apply to every call.
    func url(_ modes: String, _ name: String) -> String {
        round += 1
        return "http://127.0.0.1:\(port)/\(modes)/\(name)?round=\(round)"
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
