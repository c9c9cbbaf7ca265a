import AIPTestSupport
import Foundation
import XCTest

/// `aip daemon start|status|logs|stop` against the real binaries.
final class DaemonCommandTests: XCTestCase {
    func testStartStatusLogsStop() throws {
        let home = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.path + "/plugins", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DaemonFixtures.httpPlugin, toPath: home.path + "/plugins/libHTTPPlugin.so")
        try #"{"plugins": {"http": {"port": 0}}}"#.write(toFile: home.path + "/config.json", atomically: true, encoding: .utf8)
        let aip = CPluginCompiler.binDirectory.appendingPathComponent("aip").path
        var environment = ProcessInfo.processInfo.environment
        environment["AIP_HOME"] = home.path
        func run(_ arguments: String...) throws -> ProcessResult {
            try runProcess(aip, ["daemon"] + arguments, environment: environment)
        }
        defer { _ = try? run("stop", "--force", "--timeout", "10") }

        let notRunning = try run("status")
        XCTAssertEqual(notRunning.status, 3, notRunning.output)
        let started = try run("start", "--config", home.path + "/config.json", "--plugins-dir", home.path + "/plugins")
        XCTAssertEqual(started.status, 0, started.output + started.errorOutput)
        XCTAssertTrue(started.output.contains("aipd running (pid "), started.output)
        let token = try XCTUnwrap(started.output.range(of: "aip_[0-9a-f]+", options: .regularExpression).map { String(started.output[$0]) })
        let url = try XCTUnwrap(started.output.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(started.output[$0]) })
        XCTAssertEqual(try HTTPTestClient(url: url).get("/v1/plugins", token: token).status, 200)

        let status = try run("status", "--json")
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.output.contains(url), status.output)
        XCTAssertEqual(try run("start").status, 1, "a second start is refused while one runs")
        let logs = try run("logs", "-n", "2")
        XCTAssertEqual(logs.status, 0)
        XCTAssertEqual(logs.output.split(separator: "\n").count, 2, logs.output)

        let stopped = try run("stop")
        XCTAssertEqual(stopped.status, 0, stopped.errorOutput)
        XCTAssertTrue(stopped.output.contains("stopped"), stopped.output)
        XCTAssertEqual(try run("status").status, 3)
        XCTAssertTrue(try run("logs").output.contains("\"msg\":\"stopped\""))
    }
}
