import AIPTestSupport
import Foundation
import HTTPCore
import PluginTestKit
import XCTest

/// The real libHTTPPlugin.so in the test kit's host, with the host capabilities stubbed.
final class HTTPPluginTests: XCTestCase {
    private let token = "plugin-test-token"

    private func startPlugin(extraTokens: String = "") throws -> (PluginTestHost, HTTPTestClient) {
        let config = """
        {"plugins": {"http": {"port": 0, "drain_timeout_ms": 2000, "max_body_bytes": 64, "tokens": [
          {"name": "t", "sha256": "\(TokenStore.hash(token))", "capabilities": ["*"]}\(extraTokens)]}}}
        """
        let host = try PluginTestHost(configJSON: config)
        try host.stub("host.plugins.list") { _ in StubReply.json(text: #"{"plugins":[{"name":"stubbed"}]}"#) }
        try host.stub("host.plugins.enable") { call in StubReply.bytes(call.body, contentType: "application/json") }
        try host.stub("host.plugins.disable") { _ in StubReply.error(.conflict, "cannot disable") }
        try host.stub("host.plugins.reload") { call in StubReply.bytes(call.body, contentType: "application/json") }
        try host.stub("host.health") { _ in StubReply.json(text: #"{"status":"starting"}"#).withStatus(.unavailable) }
        try host.stub("host.metrics") { _ in StubReply.json(text: #"{"capabilities":[],"events":{"published":1,"delivered":1,"dropped":0,"queued":0},"plugins":[],"uptimeSeconds":3}"#) }
        try host.stub("test.hello") { call in StubReply.bytes(call.body, contentType: "application/json") }
        try host.load(BuiltPlugin.path(ofProduct: "HTTPPlugin"))
        let listening = try host.waitForEvent(matching: "http.listening")
        struct Listening: Decodable { let url: String }
        return (host, HTTPTestClient(url: try listening.decode(Listening.self).url))
    }

    func testServesTheAdminRoutesThroughTheHostCapabilities() throws {
        let (host, client) = try startPlugin()
        defer { try? host.stop() }
        XCTAssertEqual(try client.get("/healthz").status, 200)
        XCTAssertEqual(try client.get("/v1/plugins").status, 401)
        XCTAssertEqual(try client.get("/v1/plugins", token: token).text, #"{"plugins":[{"name":"stubbed"}]}"#)
        let enable = try client.post("/v1/plugins/demo/enable", token: token, json: #"{"extra": 1}"#)
        XCTAssertEqual(enable.text, #"{"name":"demo","extra": 1}"#, "the plugin name from the path joins the body")
        XCTAssertEqual(try client.post("/v1/plugins/demo/disable", token: token).status, 409)
        XCTAssertEqual(try client.get("/readyz", token: token).status, 503, "not ready while the host says so")
        let metrics = try client.get("/metrics", token: token)
        XCTAssertTrue(metrics.text.contains("aip_events_published_total 1"), metrics.text)
        XCTAssertTrue(metrics.text.contains("aip_uptime_seconds 3"), metrics.text)
        let tooBig = try client.post("/v1/call/test.hello", token: token, json: String(repeating: "x", count: 100))
        XCTAssertEqual(tooBig.status, 413)
        XCTAssertEqual(host.calls(to: "host.plugins.disable").first?.caller, "http")
    }

    func testOtherPluginsRegisterRoutesToTheirOwnCapabilities() throws {
        let (host, client) = try startPlugin()
        defer { try? host.stop() }
        struct Route: Codable { let method: String, path: String, capability: String }
        _ = try host.call("http.route.register", Route(method: "POST", path: "/v1/hello/{who}", capability: "test.hello"), as: Route.self)
        let reply = try client.post("/v1/hello/ada?loud=yes", token: token, json: #"{"x":1}"#)
        XCTAssertEqual(reply.status, 200, reply.text)
        let envelope = try reply.json()
        XCTAssertEqual(envelope["parameters"] as? [String: String], ["who": "ada"])
        XCTAssertEqual(envelope["query"] as? [String: String], ["loud": "yes"])
        XCTAssertEqual(envelope["body"] as? String, #"{"x":1}"#)
        XCTAssertThrowsError(try host.call("http.route.register", Route(method: "GET", path: "/x", capability: "other.cap"), as: Route.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .permissionDenied)
        }
        XCTAssertThrowsError(try host.call("http.route.register", Route(method: "GET", path: "/metrics", capability: "test.x"), as: Route.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
        }
        XCTAssertEqual(try client.post("/v1/hello", token: token).status, 404)
    }

    func testEventsStreamAndStopClosesIt() throws {
        let (host, client) = try startPlugin()
        let stream = try EventStreamReader(client: client, path: "/v1/events?pattern=demo.%23", token: token)
        XCTAssertTrue(stream.waitFor(": subscribed to demo.#"), stream.text)
        try host.publish("demo.thing", json: ["n": 1])
        try host.publish("other.thing", json: ["n": 2])
        XCTAssertTrue(stream.waitFor("event: demo.thing\ndata: {\"n\":1}"), stream.text)
        XCTAssertFalse(stream.text.contains("other.thing"))
        // Stopping the plugin ends the stream (a graceful stop must not wait for it forever).
        let started = Date()
        try host.stop()
        stream.close()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertThrowsError(try client.get("/healthz"))
    }

    func testReconfigureIsForTheHostOnlyAndSwapsTokens() throws {
        let (host, client) = try startPlugin()
        defer { try? host.stop() }
        let settings = #"{"host":"127.0.0.1","port":0,"tokens":[{"name":"n","sha256":"\#(TokenStore.hash("new"))","capabilities":["*"]}],"call_threads":2,"max_body_bytes":64,"drain_timeout_ms":100,"sse_heartbeat_ms":1000}"#
        let reply = try host.callRaw("http.reconfigure", body: Array(settings.utf8))
        XCTAssertEqual(reply.status, .permissionDenied, "the test kit calls as \"test\", not as the host")
        XCTAssertEqual(try client.get("/v1/plugins", token: token).status, 200)
    }
}

extension StubReply {
    func withStatus(_ status: PluginStatus) -> StubReply {
        StubReply(status: status, contentType: contentType, body: body)
    }
}
