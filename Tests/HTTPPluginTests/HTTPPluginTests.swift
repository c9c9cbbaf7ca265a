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

    func testStreamingRoutesSendTheirHeadAndChunksAndLearnWhenTheClientLeaves() throws {
        let (host, client) = try startPlugin()
        defer { try? host.stop() }
        struct Route: Codable { let method: String, path: String, capability: String, stream: Bool }
        struct Piece: Encodable { let stream: String, status: Int?, headers: [String: String]?, data: String }
        struct Envelope: Decodable { let stream: String, path: String, parameters: [String: String] }
        let outcome = StreamOutcome()
        try host.stub("test.ticker") { call in
            let envelope = try call.decode(Envelope.self)
            let count = Int(envelope.parameters["count"] ?? "") ?? 0
            for index in 0..<max(count, 1000) {
                let piece = Piece(stream: envelope.stream, status: index == 0 ? 202 : nil,
                                  headers: index == 0 ? ["content-type": "text/event-stream", "x-ticker": "yes"] : nil,
                                  data: "data: tick \(index)\n\n")
                let reply = try host.callRaw("http.stream.send", body: Array(try JSONEncoder().encode(piece)))
                if reply.status != .ok {
                    outcome.set("stopped at \(index): \(reply.status) \(reply.errorMessage)")
                    return StubReply.json(text: "{}")
                }
                if index + 1 == count { return StubReply.json(text: "{}") }
                Thread.sleep(forTimeInterval: count > 0 ? 0 : 0.02)
            }
            return StubReply.json(text: "{}")
        }
        try host.stub("test.plain") { _ in StubReply.json(text: #"{"plain":true}"#).withStatus(.conflict) }
        _ = try host.call("http.route.register", Route(method: "GET", path: "/v1/ticks/{count}", capability: "test.ticker", stream: true), as: Route.self)
        _ = try host.call("http.route.register", Route(method: "GET", path: "/v1/plain", capability: "test.plain", stream: true), as: Route.self)

        // A whole stream: status and headers from the first send, then every chunk.
        let whole = try client.get("/v1/ticks/3", token: token)
        XCTAssertEqual(whole.status, 202, whole.text)
        XCTAssertEqual(whole.text, "data: tick 0\n\ndata: tick 1\n\ndata: tick 2\n\n")

        // A handler that sends nothing answers with its reply.
        let plain = try client.get("/v1/plain", token: token)
        XCTAssertEqual(plain.status, 409)
        XCTAssertEqual(plain.text, #"{"plain":true}"#)

        // Another plugin cannot write into the stream.
        let stranger = try host.callRaw("http.stream.send", body: Array(#"{"stream":"0000","data":"x"}"#.utf8))
        XCTAssertEqual(stranger.status, .notFound)

        // The client leaves mid-stream: the handler's next sends fail and it stops.
        let reader = try EventStreamReader(client: client, path: "/v1/ticks/0", token: token)
        XCTAssertTrue(reader.waitFor("data: tick 2"), reader.text)
        XCTAssertTrue(reader.text.contains("x-ticker: yes"), reader.text)
        reader.close()
        let deadline = Date().addingTimeInterval(10)
        while outcome.value == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let stopped = try XCTUnwrap(outcome.value, "the handler never learned that the client left")
        XCTAssertTrue(stopped.contains("unavailable") && stopped.contains("the client closed the connection"), stopped)
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

/// What a streaming handler saw last, written from the stub's thread.
final class StreamOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ value: String) { lock.withLock { text = value } }
    var value: String? { lock.withLock { text } }
}
