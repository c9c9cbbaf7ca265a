import Foundation

/// The gateway's local OpenAI-compatible upstream (`gateway-upstream`, built next to the tests),
/// started on a free port and killed when released.
public final class GatewayUpstreamProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var url = ""

    public init() throws {
        process.executableURL = CPluginCompiler.binDirectory.appendingPathComponent("gateway-upstream")
        process.arguments = ["--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !text.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw NSError(domain: "GatewayUpstreamProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "gateway-upstream did not start: \(text)"])
        }
        url = String(text[range])
    }

    /// The fixture's counters (`chat_requests`, `streams_started`, `streams_completed`, `streams_cancelled`, …).
    public func stats() throws -> [String: Int] {
        let reply = try HTTPTestClient(url: url).get("/fixture/stats")
        return (try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Int]) ?? [:]
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
