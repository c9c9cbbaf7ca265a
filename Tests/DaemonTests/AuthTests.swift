import AIPTestSupport
import Foundation
import XCTest

/// Bearer tokens on the real daemon: no token, a wrong token, a token lacking the capability.
final class AuthTests: XCTestCase {
    func testRequestsWithoutTokenWithWrongTokenAndWithoutTheCapability() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()], config: DaemonProcess.config())
        defer { daemon.stop() }
        let client = daemon.client

        let health = try client.get("/healthz")
        XCTAssertEqual(health.status, 200, "healthz is the one open route")

        let missing = try client.post("/v1/call/fx.echo")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.headers["www-authenticate"], "Bearer")
        XCTAssertTrue(missing.text.contains("bearer token is required"), missing.text)
        XCTAssertEqual(try client.get("/readyz").status, 401, "readyz needs a token too")
        XCTAssertEqual(try client.get("/metrics").status, 401)

        let wrong = try client.post("/v1/call/fx.echo", token: "not-a-token")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertTrue(wrong.text.contains("not valid"), wrong.text)

        let allowed = try client.post("/v1/call/fx.echo", token: DaemonProcess.limitedToken)
        XCTAssertEqual(allowed.status, 200, allowed.text)
        XCTAssertTrue(allowed.text.contains("\"version\":\"1.0.0\""), allowed.text)

        let denied = try client.post("/v1/call/fx.slow", token: DaemonProcess.limitedToken, json: #"{"ms":0}"#)
        XCTAssertEqual(denied.status, 403)
        XCTAssertTrue(denied.text.contains("token limited may not use fx.slow"), denied.text)
        XCTAssertEqual(try client.get("/v1/plugins", token: DaemonProcess.limitedToken).status, 403)
        XCTAssertEqual(try client.post("/v1/plugins/fx-echo/disable", token: DaemonProcess.limitedToken).status, 403)
        XCTAssertEqual(try client.get("/metrics", token: DaemonProcess.limitedToken).status, 403)

        XCTAssertEqual(try client.get("/v1/call/fx.echo", token: DaemonProcess.adminToken).status, 405)
        XCTAssertEqual(try client.get("/v1/nothing", token: DaemonProcess.adminToken).status, 404)
        XCTAssertEqual(try client.post("/v1/call/no.such", token: DaemonProcess.adminToken).status, 404)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testAdminRoutesListHealthMetricsAndEvents() throws {
        let daemon = try DaemonProcess(plugins: [DaemonFixtures.httpPlugin, try DaemonFixtures.echo()], config: DaemonProcess.config())
        defer { daemon.stop() }
        let client = daemon.client
        let token = DaemonProcess.adminToken

        let list = try client.get("/v1/plugins", token: token)
        XCTAssertEqual(list.status, 200, list.text)
        let plugins = try XCTUnwrap(try list.json()["plugins"] as? [[String: Any]])
        XCTAssertEqual(Set(plugins.compactMap { $0["name"] as? String }), ["http", "fx-echo"])
        XCTAssertTrue(plugins.allSatisfy { $0["state"] as? String == "running" && $0["isolation"] as? String == "in-process" })

        let ready = try client.get("/readyz", token: token)
        XCTAssertEqual(ready.status, 200, ready.text)
        XCTAssertEqual(try ready.json()["status"] as? String, "ready")

        let events = try EventStreamReader(client: client, path: "/v1/events?pattern=host.%23", token: token)
        defer { events.close() }
        XCTAssertTrue(events.waitFor(": subscribed to host.#"), events.text)
        for _ in 0..<3 { XCTAssertEqual(try client.post("/v1/call/fx.echo", token: token).status, 200) }
        XCTAssertEqual(try client.post("/v1/call/fx.slow", token: token, json: "not json").status, 200, "the fixture ignores bad input")

        // Disable and enable go through the host's own capabilities and publish nothing, but
        // a config reload publishes host.config.reloaded, which the stream must carry.
        XCTAssertEqual(try client.post("/v1/plugins/fx-echo/disable", token: token).status, 200)
        let disabled = try client.post("/v1/call/fx.echo", token: token)
        XCTAssertEqual(disabled.status, 503, disabled.text)
        XCTAssertEqual(try client.post("/v1/plugins/fx-echo/enable", token: token).status, 200)
        XCTAssertEqual(try client.post("/v1/call/fx.echo", token: token).status, 200)
        XCTAssertEqual(try client.post("/v1/call/host.config.reload", token: token).status, 200)
        XCTAssertTrue(events.waitFor("event: host.config.reloaded"), events.text)

        let metrics = try client.get("/metrics", token: token)
        XCTAssertEqual(metrics.status, 200)
        XCTAssertTrue(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") ?? false)
        // 4 calls reached the plugin (the one while disabled was refused before it); summed
        // over both instances.
        XCTAssertTrue(metrics.text.contains(#"aip_capability_calls_total{capability="fx.echo"} 4"#), metrics.text)
        XCTAssertTrue(metrics.text.contains(#"aip_capability_errors_total{capability="fx.echo"} 0"#), metrics.text)
        XCTAssertTrue(metrics.text.contains(#"aip_capability_call_duration_seconds_count{capability="fx.echo"} 4"#))
        XCTAssertTrue(metrics.text.contains(#"aip_capability_call_duration_seconds_bucket{capability="fx.echo",le="+Inf"} 4"#))
        XCTAssertTrue(metrics.text.contains(#"aip_plugin_up{plugin="fx-echo",version="1.0.0",isolation="in-process"} 1"#), metrics.text)
        XCTAssertTrue(metrics.text.contains("aip_events_published_total "))
        XCTAssertTrue(metrics.text.contains(#"aip_http_requests_total{code="503"} 1"#), metrics.text)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
