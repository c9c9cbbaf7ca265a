import AIPMarketFetch
import Foundation

/// One running `Fixtures/range_server.py` on 127.0.0.1, serving the files of `root`. Each test
/// starts its own (a free port each) and the server stops when the test lets go of it.
final class RangeServer {
    struct LoggedRequest: Decodable, Equatable {
        let path: String
        let range: String?
        let ifRange: String?
        let userAgent: String?
        let status: Int

        enum CodingKeys: String, CodingKey {
            case path, range, status
            case ifRange = "if_range"
            case userAgent = "user_agent"
        }
    }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let root: String
    let port: Int
    private let process: Process

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/range_server.py").path

    let scheme: String

    /// With `tls` (a PEM certificate and key), the server speaks https.
    init(root: String, tls: (certificate: String, key: String)? = nil) throws {
        self.root = root
        scheme = tls == nil ? "http" : "https"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", Self.script, root] + (tls.map { [$0.certificate, $0.key] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw StartError(description: "\(Self.script) did not print its port (python3 on PATH?): \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    deinit { stop() }

    func url(_ modes: String, _ name: String) -> String {
        "\(scheme)://127.0.0.1:\(port)/\(modes)/\(name)"
    }

    /// The requests the server has answered so far, oldest first.
    func requests(trusting caBundlePath: String? = nil) throws -> [LoggedRequest] {
        let body = try Downloader(options: FetchOptions(retries: 0, progress: .quiet, caBundlePath: caBundlePath))
            .fetchBytes(url: "\(scheme)://127.0.0.1:\(port)/_log", maxSize: 1 << 20)
        return try JSONDecoder().decode([LoggedRequest].self, from: Data(body))
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
