import AIPTestSupport
import Foundation
import XCTest

/// `POST /v1/plugins/{name}/reload` under continuous load: no request fails, new calls reach the
/// new version, and a reload that cannot start leaves the old instance serving.
final class HotReloadTests: XCTestCase {
    private let token = DaemonProcess.adminToken

    private func versionUnderLoad(_ daemon: DaemonProcess, reload: () throws -> Void) throws -> (versions: Set<String>, failures: [String]) {
        let client = daemon.client
        let token = self.token
        let seen = ResultList()
        let load = LoadGenerator(clients: 3) { client_ in
            do {
                let capability = client_ == 0 ? "fx.slow" : "fx.echo"
                let reply = try client.post("/v1/call/\(capability)", token: token, json: #"{"ms": 20}"#)
                guard reply.status == 200 else { return "\(capability) answered \(reply.status): \(reply.text)" }
                seen.append(try reply.json()["version"] as? String)
                return nil
            } catch { return "\(error)" }
        }
        XCTAssertTrue(load.waitForSuccesses(100))
        try reload()
        XCTAssertTrue(load.waitForSuccesses(load.successCount + 100))
        let (_, failures) = load.stop()
        return (Set(seen.all.compactMap { $0 }), failures)
    }

    func testInProcessReloadUnderLoadLosesNoRequest() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()], config: DaemonProcess.config())
        defer { daemon.stop() }
        let newVersion = try DaemonFixtures.copy(try DaemonFixtures.echo(version: "2.0.0"), as: "libfx_echo-2.0.0.so", into: daemon.home.path)
        let (versions, failures) = try versionUnderLoad(daemon) {
            let reply = try daemon.client.post("/v1/plugins/fx-echo/reload", token: token, json: "{\"path\": \"\(newVersion)\"}")
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(try reply.json()["version"] as? String, "2.0.0")
        }
        XCTAssertEqual(failures, [], "no request failed during the reload")
        XCTAssertEqual(versions, ["1.0.0", "2.0.0"])
        let after = try daemon.client.post("/v1/call/fx.echo", token: token)
        XCTAssertEqual(try after.json()["version"] as? String, "2.0.0")

        // A reload that cannot start keeps the running instance.
        let broken = daemon.home.path + "/libbroken.so"
        try "not a library".write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try daemon.client.post("/v1/plugins/fx-echo/reload", token: token, json: "{\"path\": \"\(broken)\"}")
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertTrue(refused.text.contains("the running instance keeps serving"), refused.text)
        let other = try daemon.client.post("/v1/plugins/fx-echo/reload", token: token,
                                           json: "{\"path\": \"\(try DaemonFixtures.crash())\"}")
        XCTAssertEqual(other.status, 400, other.text)
        XCTAssertTrue(other.text.contains("holds plugin fx-crash"), other.text)
        XCTAssertEqual(try daemon.client.post("/v1/call/fx.echo", token: token).json()["version"] as? String, "2.0.0")

        // Reloading the same file again (no path) loads a fresh generation copy.
        XCTAssertEqual(try daemon.client.post("/v1/plugins/fx-echo/reload", token: token).status, 200)
        XCTAssertEqual(try daemon.client.post("/v1/call/fx.echo", token: token).status, 200)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testIsolatedReloadUnderLoadLosesNoRequest() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()],
                                       config: DaemonProcess.config(host: #""daemon": {"isolation": {"fx-echo": "process"}}"#))
        defer { daemon.stop() }
        let newVersion = try DaemonFixtures.copy(try DaemonFixtures.echo(version: "2.0.0"), as: "libfx_echo-2.0.0.so", into: daemon.home.path)
        let (versions, failures) = try versionUnderLoad(daemon) {
            let reply = try daemon.client.post("/v1/plugins/fx-echo/reload", token: token, json: "{\"path\": \"\(newVersion)\"}")
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        XCTAssertEqual(failures, [], "no request failed during the reload")
        XCTAssertEqual(versions, ["1.0.0", "2.0.0"])
        XCTAssertEqual(daemon.stop(), 0)
    }
}
