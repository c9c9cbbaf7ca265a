import AIPTestSupport
import Foundation
import XCTest

/// Signals on the real daemon: SIGHUP with good and broken configs, SIGTERM with calls in flight,
/// the pid file, and runners dying with the daemon.
final class DaemonLifecycleTests: XCTestCase {
    private func echoPrefix(_ daemon: DaemonProcess) throws -> String {
        let reply = try daemon.client.post("/v1/call/fx.echo", token: DaemonProcess.adminToken)
        XCTAssertEqual(reply.status, 200, reply.text)
        return try reply.json()["prefix"] as? String ?? "(none)"
    }

    func testSIGHUPRejectsABrokenConfigAndKeepsTheOldOneThenAppliesAGoodOne() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()],
                                       config: DaemonProcess.config(plugins: #""fx-echo": {"prefix": "first"}"#))
        defer { daemon.stop() }
        XCTAssertEqual(try echoPrefix(daemon), "first")

        // Not JSON at all.
        try daemon.rewriteConfig(#"{"plugins": {"fx-echo": {"prefix": "second"}"#)
        daemon.signal(SIGHUP)
        XCTAssertTrue(daemon.waitForLog("config reload rejected"), daemon.log)
        XCTAssertTrue(daemon.log.contains(daemon.configPath), "the reason names the file")
        XCTAssertEqual(try echoPrefix(daemon), "first", "the old config stays in force")

        // Valid JSON, but the plugin's schema refuses the section: rejected as a whole.
        try daemon.rewriteConfig(DaemonProcess.config(plugins: #""fx-echo": {"prefix": 42}"#))
        daemon.signal(SIGHUP)
        XCTAssertTrue(daemon.waitForLog("plugins.fx-echo.prefix"), daemon.log)
        XCTAssertEqual(try echoPrefix(daemon), "first")

        // A bad daemon setting is named with its key.
        try daemon.rewriteConfig(DaemonProcess.config(plugins: #""fx-echo": {"prefix": "x"}"#, host: #""daemon": {"call_timeout": 5}"#))
        daemon.signal(SIGHUP)
        XCTAssertTrue(daemon.waitForLog(#"unknown daemon setting \"call_timeout\""#), daemon.log)
        XCTAssertEqual(try echoPrefix(daemon), "first")

        // A good config: the changed plugin is hot-reloaded with its new section; the http
        // plugin keeps its socket (and the daemon its pid).
        try daemon.rewriteConfig(DaemonProcess.config(plugins: #""fx-echo": {"prefix": "second"}"#))
        daemon.signal(SIGHUP)
        XCTAssertTrue(daemon.waitForLog("configuration reloaded"), daemon.log)
        XCTAssertEqual(try echoPrefix(daemon), "second")
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testSIGTERMLetsCallsInFlightFinishWholeThenStops() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()], config: DaemonProcess.config())
        let pidFile = daemon.home.path + "/run/aipd.pid"
        XCTAssertEqual(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "\(daemon.pid)")
        let client = daemon.client
        let results = ResultList()
        let group = DispatchGroup()
        for _ in 0..<6 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let reply = try client.post("/v1/call/fx.slow", token: DaemonProcess.adminToken, json: #"{"ms": 1500}"#)
                    results.append(reply.status == 200 && reply.body.count > 65536 ? nil : "status \(reply.status), \(reply.body.count) bytes")
                } catch {
                    results.append("\(error)")
                }
            }
        }
        // Let the requests reach the plugin, then ask the daemon to stop.
        Thread.sleep(forTimeInterval: 0.5)
        daemon.signal(SIGTERM)
        XCTAssertTrue(daemon.waitForLog("stopping: draining"), daemon.log)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertThrowsError(try client.get("/healthz"), "no new connection is accepted while draining") { error in
            XCTAssertEqual(error as? HTTPTestError, .refused)
        }
        group.wait()
        XCTAssertEqual(results.all.count, 6)
        XCTAssertEqual(results.all.compactMap { $0 }, [], "every call in flight finished, whole")
        daemon.process.waitUntilExit()
        XCTAssertEqual(daemon.process.terminationStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pidFile), "the pid file is removed")
        XCTAssertTrue(daemon.log.contains("\"msg\":\"stopped\""), daemon.log)
    }

    func testASecondDaemonOnTheSamePidFileIsRefused() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin], config: DaemonProcess.config())
        defer { daemon.stop() }
        let result = try runProcess(CPluginCompiler.binDirectory.appendingPathComponent("aipd").path,
                                    ["--home", daemon.home.path, "--config", daemon.configPath, "--plugins-dir", daemon.pluginsDirectory])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("another aipd (pid \(daemon.pid)) is running"), result.errorOutput)
    }

    func testRunnersDieWithTheDaemon() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.crash()],
                                       config: DaemonProcess.config(host: #""daemon": {"isolation": {"fx-crash": "process"}}"#))
        let reply = try daemon.client.post("/v1/call/fx.crash.pid", token: DaemonProcess.adminToken)
        let runner = try XCTUnwrap(try reply.json()["pid"] as? Int)
        XCTAssertNotEqual(Int32(runner), daemon.pid)
        XCTAssertEqual(kill(Int32(runner), 0), 0, "the runner is alive")
        kill(daemon.pid, SIGKILL) // no chance to stop its runners itself
        daemon.process.waitUntilExit()
        XCTAssertTrue(waitUntil(timeout: 5) { !processIsAlive(Int32(runner)) }, "the parent-death signal ended runner \(runner)")
    }
}

/// Whether `pid` is alive and not a zombie (a runner killed by the kernel stays a zombie until its
/// parent, gone here, would reap it; init reaps it soon after).
func processIsAlive(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    let state = status.split(separator: ")").last?.split(separator: " ").first
    return state != "Z" && state != "X"
}

func waitUntil(timeout: TimeInterval = 15, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return false
}

final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String?] = []
    func append(_ item: String?) { lock.withLock { items.append(item) } }
    var all: [String?] { lock.withLock { items } }
}
