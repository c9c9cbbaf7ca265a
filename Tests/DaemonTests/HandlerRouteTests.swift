import AIPTestSupport
import Foundation
import XCTest

/// A C plugin's routes on the real daemon that its handler authenticates ("auth": "handler"),
/// answered with exact responses (application/http), a malformed one included.
final class HandlerRouteTests: XCTestCase {
    func testACPluginAuthenticatesItsOwnRoutesAndSpellsOutItsResponses() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.route(), try DaemonFixtures.echo()],
                                       config: DaemonProcess.config())
        defer { daemon.stop() }
        let client = daemon.client

        let refused = try client.post("/fx/open")
        XCTAssertEqual(refused.status, 401, refused.text)
        XCTAssertEqual(refused.headers["www-authenticate"], "FxKey", "the handler's own header, not the http plugin's")
        XCTAssertEqual(refused.text, #"{"fx_error":"send x-api-key"}"#)
        let welcome = try client.request("POST", "/fx/open", body: Array("{}".utf8), headers: [("X-Api-Key", "fx-key")])
        XCTAssertEqual(welcome.status, 201, welcome.text)
        XCTAssertEqual(welcome.headers["x-fixture"], "yes")
        XCTAssertEqual(welcome.headers["content-type"], "text/plain")
        XCTAssertEqual(welcome.text, "welcome")

        let broken = try client.get("/fx/broken")
        XCTAssertEqual(broken.status, 502, broken.text)
        XCTAssertTrue(broken.text.contains("plugin fxroute") && broken.text.contains("fxroute.broken") && broken.text.contains("Content-Length says 99"), broken.text)
        XCTAssertTrue(daemon.waitForLog("malformed application/http response"), daemon.log)

        // The daemon carries on, and every other route still needs a token.
        XCTAssertEqual(try client.post("/fx/open", token: nil).status, 401)
        XCTAssertEqual(try client.post("/v1/call/fx.echo").status, 401)
        XCTAssertEqual(try client.post("/v1/call/fxroute.open").status, 401, "the handler's capability is open only through its route")
        XCTAssertEqual(try client.post("/v1/call/fx.echo", token: DaemonProcess.limitedToken).status, 200)
        XCTAssertEqual(try client.get("/healthz").status, 200)
    }
}
