import AIPBenchSupport
import Foundation

struct BenchRow {
    let name: String
    let bytes: Int
    let seconds: Double
}

func printTable(_ rows: [BenchRow]) {
    printTable(header: ["path", "time", "throughput"], rows: rows.map {
        [$0.name, String(format: "%.1f ms", $0.seconds * 1000), String(format: "%.0f MiB/s", Double($0.bytes) / 1_048_576 / $0.seconds)]
    })
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
