import AIPTestSupport
import Foundation
import HTTPCore
import XCTest

/// A real `aipd` with the http, gateway, guardrails, prompt and cost plugins copied from the
/// build folder into a private home. The gateway's endpoints are on the daemon's port (routes it
/// registered with the http plugin); with `listen` in its config it also has a port of its own
/// (found in the log).
final class GatewayDaemon {
    static let adminToken = "gateway-admin-token"
    let home: TemporaryDirectory
    let process = Process()
    let logPath: String
    private(set) var url = ""
    private(set) var gatewayURL = ""

    static let plugins = ["HTTPPlugin", "GatewayPlugin", "GuardrailsPlugin", "PromptPlugin", "CostPlugin"]

    /// `host`: members of the host config section (`"daemon": {"isolation": …}`).
    init(gateway: String, extra: String = "", host: String = "") throws {
        home = try TemporaryDirectory()
        logPath = home.path + "/aipd.log"
        try FileManager.default.createDirectory(atPath: home.path + "/plugins", withIntermediateDirectories: true)
        let bin = CPluginCompiler.binDirectory
        for plugin in Self.plugins {
            try FileManager.default.copyItem(atPath: bin.appendingPathComponent("lib\(plugin).so").path, toPath: home.path + "/plugins/lib\(plugin).so")
        }
        let config = """
            {\(host.isEmpty ? "" : #""host": {\#(host)}, "#)"plugins": {"http": {"port": 0, "call_threads": 8, "tokens": [{"name": "admin", "sha256": "\(TokenStore.hash(Self.adminToken))", "capabilities": ["*"]}]},
                         "prompt": {"install_builtins": false}, "gateway": \(gateway)\(extra.isEmpty ? "" : ", " + extra)}}
            """
        try config.write(toFile: home.path + "/config.json", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = bin.appendingPathComponent("aipd")
        process.arguments = ["--home", home.path, "--config", home.path + "/config.json", "--plugins-dir", home.path + "/plugins"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        var output = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !output.contains("aipd ready") {
            let data = stdout.fileHandleForReading.availableData
            if data.isEmpty { break }
            output += String(decoding: data, as: UTF8.self)
        }
        guard let range = output.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw HTTPTestError("aipd did not become ready: \(output)\n\(log)")
        }
        url = String(output[range])
        // The gateway registers its routes once the http plugin has started, which may be just
        // after the daemon says it is ready (optional requirements do not order start-up yet).
        while Date() < deadline, (try? client.get("/v1/models", token: Self.adminToken).status) == 404 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        while Date() < deadline, gateway.contains("\"listen\""), gatewayURL.isEmpty {
            if let line = log.range(of: #"gateway listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                gatewayURL = String(log[line].dropFirst("gateway listening on ".count))
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var client: HTTPTestClient { HTTPTestClient(url: url) }
    /// The gateway's own listener (only with `listen` in its config).
    var listener: HTTPTestClient { HTTPTestClient(url: gatewayURL) }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { stop() }
}
