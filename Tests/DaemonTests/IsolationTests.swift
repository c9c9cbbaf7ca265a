import AIPTestSupport
import Foundation
import XCTest

/// Plugins in `aip-plugin-runner` children: crashes, kill -9, hangs, and calls and events that
/// cross the socket.
final class IsolationTests: XCTestCase {
    private let token = DaemonProcess.adminToken

    private func isolatedDaemon(daemonSettings: String = "") throws -> DaemonProcess {
        let settings = #""isolation": {"fx-crash": "process"}, "restart_backoff_ms": 50"# + (daemonSettings.isEmpty ? "" : ", " + daemonSettings)
        return try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo(), try DaemonFixtures.crash()],
                                 config: DaemonProcess.config(host: "\"daemon\": {\(settings)}"))
    }

    private func runnerPID(_ daemon: DaemonProcess) throws -> Int32 {
        let reply = try daemon.client.post("/v1/call/fx.crash.pid", token: token)
        XCTAssertEqual(reply.status, 200, reply.text + "\n" + daemon.log)
        return Int32(try XCTUnwrap(try reply.json()["pid"] as? Int))
    }

    /// The runner's pid, or nil while it is restarting (for polling).
    private func currentRunnerPID(_ daemon: DaemonProcess) -> Int32? {
        guard let reply = try? daemon.client.post("/v1/call/fx.crash.pid", token: token), reply.status == 200,
              let pid = (try? reply.json())?["pid"] as? Int else { return nil }
        return Int32(pid)
    }

    private func runnerReport(_ daemon: DaemonProcess) throws -> [String: Any] {
        let plugins = try XCTUnwrap(try daemon.client.get("/v1/plugins", token: token).json()["plugins"] as? [[String: Any]])
        let crash = try XCTUnwrap(plugins.first { $0["name"] as? String == "fx-crash" })
        XCTAssertEqual(crash["isolation"] as? String, "process")
        return try XCTUnwrap(crash["runner"] as? [String: Any])
    }

    func testASegfaultIsContainedWhileAnotherClientKeepsCallingAHealthyPlugin() throws {
        let daemon = try isolatedDaemon()
        defer { daemon.stop() }
        let client = daemon.client
        let firstRunner = try runnerPID(daemon)
        XCTAssertNotEqual(firstRunner, daemon.pid, "fx-crash runs in a child")

        let events = try EventStreamReader(client: client, path: "/v1/events?pattern=host.plugin.crashed", token: token)
        defer { events.close() }
        XCTAssertTrue(events.waitFor(": subscribed"))
        let token = self.token
        let load = LoadGenerator(clients: 2) { _ in
            do {
                let reply = try client.post("/v1/call/fx.echo", token: token)
                return reply.status == 200 ? nil : "fx.echo answered \(reply.status): \(reply.text)"
            } catch { return "fx.echo: \(error)" }
        }
        XCTAssertTrue(load.waitForSuccesses(50))

        let boom = try client.post("/v1/call/fx.crash.maybe", token: token, json: #"{"input": "boom"}"#)
        XCTAssertEqual(boom.status, 503, boom.text)
        XCTAssertTrue(boom.text.contains("crashed while handling the call"), boom.text)
        XCTAssertTrue(boom.text.contains("SIGSEGV"), boom.text)
        XCTAssertTrue(events.waitFor("event: host.plugin.crashed"), events.text)
        XCTAssertTrue(events.text.contains("\"plugin\":\"fx-crash\""), events.text)
        XCTAssertTrue(daemon.waitForLog("SIGSEGV"), "the crash is logged")

        // Restarted with backoff: the same capability answers again, from a new process.
        XCTAssertTrue(waitUntil { (try? client.post("/v1/call/fx.crash.maybe", token: token, json: #"{"input": "fine"}"#).status) == 200 })
        XCTAssertNotEqual(currentRunnerPID(daemon), firstRunner)
        XCTAssertTrue(load.waitForSuccesses(load.successCount + 50))
        let (successes, failures) = load.stop()
        XCTAssertEqual(failures, [], "every call to the healthy plugin succeeded")
        XCTAssertGreaterThan(successes, 100)
        XCTAssertEqual(try runnerReport(daemon)["restarts"] as? Int, 1)
        let metrics = try client.get("/metrics", token: token).text
        XCTAssertTrue(metrics.contains(#"aip_plugin_restarts_total{plugin="fx-crash"} 1"#), metrics)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testKill9OfARunnerIsARestartNotAnOutage() throws {
        let daemon = try isolatedDaemon()
        defer { daemon.stop() }
        let first = try runnerPID(daemon)
        kill(first, SIGKILL)
        XCTAssertTrue(daemon.waitForLog("killed by SIGKILL"), daemon.log)
        XCTAssertTrue(waitUntil { (self.currentRunnerPID(daemon) ?? first) != first })
        let report = try runnerReport(daemon)
        XCTAssertEqual(report["status"] as? String, "running")
        XCTAssertEqual(report["restarts"] as? Int, 1)
        XCTAssertTrue((report["lastCrash"] as? String ?? "").contains("SIGKILL"), "\(report)")

        // Calls and events cross the socket both ways: the isolated plugin calls the in-process
        // fx.echo through the daemon, and its event reaches a client of the daemon's bus.
        let events = try EventStreamReader(client: daemon.client, path: "/v1/events?pattern=fx.crash.%23", token: token)
        defer { events.close() }
        XCTAssertTrue(events.waitFor(": subscribed"))
        let asked = try daemon.client.post("/v1/call/fx.crash.ask", token: token)
        XCTAssertEqual(asked.status, 200, asked.text)
        XCTAssertTrue(asked.text.contains("\"version\":\"1.0.0\""), asked.text)
        XCTAssertTrue(events.waitFor("event: fx.crash.asked"), events.text)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertTrue(waitUntil(timeout: 5) { !processIsAlive(first) })
    }

    func testAHangingCallTimesOutAndTheStuckRunnerIsReplaced() throws {
        let daemon = try isolatedDaemon(daemonSettings: #""call_timeout_ms": 400, "hang_grace_ms": 300"#)
        defer { daemon.stop() }
        let client = daemon.client
        let first = try runnerPID(daemon)
        let started = Date()
        let hung = try client.post("/v1/call/fx.crash.hang", token: token)
        XCTAssertEqual(hung.status, 504, hung.text)
        XCTAssertTrue(hung.text.contains("did not answer within"), hung.text)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // While its call is stuck the runner still answers other calls.
        XCTAssertEqual(try client.post("/v1/call/fx.echo", token: token).status, 200)
        // Past the grace period the runner is killed as stuck and a new one takes over.
        XCTAssertTrue(daemon.waitForLog("the plugin is stuck"), daemon.log)
        XCTAssertTrue(waitUntil { (self.currentRunnerPID(daemon) ?? first) != first })
        XCTAssertTrue((try runnerReport(daemon)["lastCrash"] as? String ?? "").contains("stuck"))
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testRepeatedCrashesOpenTheCircuitUntilEnabledAgain() throws {
        let daemon = try isolatedDaemon(daemonSettings: #""max_crashes": 2"#)
        defer { daemon.stop() }
        let client = daemon.client
        XCTAssertEqual(try client.post("/v1/call/fx.crash.maybe", token: token, json: "boom").status, 503)
        XCTAssertTrue(waitUntil { (try? client.post("/v1/call/fx.crash.maybe", token: token).status) == 200 })
        XCTAssertEqual(try client.post("/v1/call/fx.crash.maybe", token: token, json: "boom").status, 503)
        XCTAssertTrue(daemon.waitForLog("circuit open"), daemon.log)
        Thread.sleep(forTimeInterval: 0.3)
        let refused = try client.post("/v1/call/fx.crash.maybe", token: token)
        XCTAssertEqual(refused.status, 503, refused.text)
        XCTAssertEqual(try runnerReport(daemon)["status"] as? String, "circuit-open")
        XCTAssertEqual(try client.post("/v1/plugins/fx-crash/enable", token: token).status, 200)
        XCTAssertEqual(try client.post("/v1/call/fx.crash.maybe", token: token).status, 200)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
