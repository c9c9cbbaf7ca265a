import AIPTestSupport
import Foundation
import HTTPCore
import XCTest

/// A real `aipd` started from the build folder with a private home, config and plugins folder.
/// Its stderr (JSON log lines) goes to a file tests can search; it is killed if a test forgets
/// to stop it.
final class DaemonProcess {
    static let adminToken = "admin-secret-token"
    static let limitedToken = "limited-secret-token"

    let home: TemporaryDirectory
    let process = Process()
    let logPath: String
    let configPath: String
    private(set) var url = ""
    private(set) var readyLine = ""
    private let stdoutCollector: LineCollector

    var client: HTTPTestClient { HTTPTestClient(url: url) }
    var pid: Int32 { process.processIdentifier }
    var pluginsDirectory: String { home.path + "/plugins" }

    /// `plugins` are copied into the plugins folder; `config` is the JSON text of config.json
    /// (use `DaemonProcess.config(...)`).
    init(plugins: [String], config: String, environment: [String: String] = [:]) throws {
        home = try TemporaryDirectory()
        logPath = home.path + "/aipd.log"
        configPath = home.path + "/config.json"
        try FileManager.default.createDirectory(atPath: home.path + "/plugins", withIntermediateDirectories: true)
        for plugin in plugins {
            try FileManager.default.copyItem(atPath: plugin, toPath: home.path + "/plugins/" + URL(fileURLWithPath: plugin).lastPathComponent)
        }
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let bin = CPluginCompiler.binDirectory
        process.executableURL = bin.appendingPathComponent("aipd")
        process.arguments = ["--home", home.path, "--config", configPath, "--plugins-dir", home.path + "/plugins"]
        var env = ProcessInfo.processInfo.environment
        env["AIP_PLUGIN_RUNNER"] = bin.appendingPathComponent("aip-plugin-runner").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: logPath)
        stdoutCollector = LineCollector(stdout.fileHandleForReading)
        try process.run()
        guard let line = stdoutCollector.waitForLine(containing: "aipd ready", timeout: 60) else {
            process.terminate()
            throw HTTPTestError("aipd did not become ready within 60 s; log:\n\(log)")
        }
        readyLine = line
        guard let range = line.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw HTTPTestError("no URL in the ready line: \(line)")
        }
        url = String(line[range])
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Lines printed on stdout so far.
    var output: [String] { stdoutCollector.lines }

    func waitForLog(_ needle: String, timeout: TimeInterval = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// SIGTERM, then waits for the exit (SIGKILL after `timeout`); returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func rewriteConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// A config with the two test tokens (admin: everything; limited: fx.echo only), port 0.
    static func config(plugins extra: String = "", host: String = "") -> String {
        """
        {"host": {\(host)},
         "plugins": {"http": {"port": 0, "call_threads": 8, "drain_timeout_ms": 20000, "tokens": [
            {"name": "admin", "sha256": "\(TokenStore.hash(adminToken))", "capabilities": ["*"]},
            {"name": "limited", "sha256": "\(TokenStore.hash(limitedToken))", "capabilities": ["fx.echo"]}]}\(extra.isEmpty ? "" : ", " + extra)}}
        """
    }
}

/// The C fixtures of this test target, built with `cc`.
enum DaemonFixtures {
    static func echo(version: String = "1.0.0") throws -> String {
        try CPluginCompiler.compile("Tests/DaemonTests/Fixtures/fx_echo.c", output: "libfx_echo-\(version).so",
                                    defines: ["FX_VERSION=\"\(version)\""])
    }

    static func route() throws -> String {
        try CPluginCompiler.compile("Tests/DaemonTests/Fixtures/fx_route.c", output: "libfx_route.so")
    }

    static func crash() throws -> String {
        try CPluginCompiler.compile("Tests/DaemonTests/Fixtures/fx_crash.c", output: "libfx_crash.so")
    }

    static var httpPlugin: String { CPluginCompiler.binDirectory.appendingPathComponent("libHTTPPlugin.so").path }

    /// A copy named `name` (the plugins folder takes one file per name).
    static func copy(_ path: String, as name: String, into directory: String) throws -> String {
        let target = directory + "/" + name
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return target
    }
}

/// Collects a pipe's lines on a background thread.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    private var partial = ""

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lock.withLock {
                    partial += String(decoding: data, as: UTF8.self)
                    while let newline = partial.firstIndex(of: "\n") {
                        collected.append(String(partial[..<newline]))
                        partial = String(partial[partial.index(after: newline)...])
                    }
                }
            }
        }
    }

    var lines: [String] { lock.withLock { collected } }

    func waitForLine(containing needle: String, timeout: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = lines.first(where: { $0.contains(needle) }) { return line }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}
