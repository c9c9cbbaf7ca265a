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

    func testRoutesAuthenticatedByTheirHandlerSeeHeadersAndSetTheExactResponse() throws {
        let (host, client) = try startPlugin()
        defer { try? host.stop() }
        struct Route: Codable { let method: String, path: String, capability: String, stream: Bool?, auth: String? }
        struct Envelope: Decodable { let headers: [String: String], body: String, stream: String? }
        // A handler that checks its own key, like a gateway: 401 in its own shape, else an echo of what it saw.
        try host.stub("test.open") { call in
            let envelope = try call.decode(Envelope.self)
            guard envelope.headers["x-api-key"] == "sk-1" || envelope.headers["authorization"] == "Bearer sk-1" else {
                return StubReply.bytes(Array("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: Bearer\r\n\r\n{\"error\":{\"code\":\"invalid_api_key\"}}".utf8),
                                       contentType: "application/http")
            }
            let seen = String(decoding: try JSONEncoder().encode(envelope.headers), as: UTF8.self)
            return StubReply.bytes(Array("HTTP/1.1 201 Created\nContent-Type: application/json\nX-Seen: yes\n\n\(seen)".utf8), contentType: "application/http")
        }
        try host.stub("test.broken") { _ in StubReply.bytes(Array("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}".utf8), contentType: "application/http") }
        try host.stub("test.guarded") { call in
            StubReply.json(text: String(decoding: try JSONEncoder().encode(try call.decode(Envelope.self).headers), as: UTF8.self))
        }
        _ = try host.call("http.route.register", Route(method: "POST", path: "/v1/open", capability: "test.open", stream: nil, auth: "handler"), as: Route.self)
        _ = try host.call("http.route.register", Route(method: "POST", path: "/v1/open-stream", capability: "test.open", stream: true, auth: "handler"), as: Route.self)
        _ = try host.call("http.route.register", Route(method: "POST", path: "/v1/broken", capability: "test.broken", stream: nil, auth: "handler"), as: Route.self)
        _ = try host.call("http.route.register", Route(method: "POST", path: "/v1/guarded", capability: "test.guarded", stream: nil, auth: nil), as: Route.self)
        XCTAssertThrowsError(try host.call("http.route.register", Route(method: "GET", path: "/v1/plugins/x", capability: "test.open", stream: nil, auth: "handler"), as: Route.self),
                             "admin paths stay reserved, whoever authenticates")

        // No token needed; the handler's key check and its exact status, headers and body.
        for path in ["/v1/open", "/v1/open-stream"] {
            let refused = try client.post(path)
            XCTAssertEqual(refused.status, 401, refused.text)
            XCTAssertEqual(refused.headers["www-authenticate"], "Bearer")
            XCTAssertEqual(refused.text, #"{"error":{"code":"invalid_api_key"}}"#)
            let accepted = try client.request("POST", path, body: Array("{}".utf8), headers: [("X-Api-Key", "sk-1"), ("Accept", "a/b"), ("accept", "c/d")])
            XCTAssertEqual(accepted.status, 201, accepted.text)
            XCTAssertEqual(accepted.headers["x-seen"], "yes")
            XCTAssertEqual(accepted.headers["content-type"], "application/json")
            let seen = try accepted.json() as? [String: String]
            XCTAssertEqual(seen?["x-api-key"], "sk-1")
            XCTAssertEqual(seen?["accept"], "a/b, c/d", "repeated fields are joined")
            XCTAssertEqual(seen?["content-type"], "application/json")
        }
        XCTAssertEqual(try client.post("/v1/open", token: "sk-1").status, 201, "the authorization header reaches a handler that authenticates")

        // A malformed message: 502 naming the plugin and what is wrong; the server carries on.
        let broken = try client.post("/v1/broken")
        XCTAssertEqual(broken.status, 502, broken.text)
        XCTAssertTrue(broken.text.contains("plugin test") && broken.text.contains("Content-Length says 99"), broken.text)
        XCTAssertEqual(try client.get("/healthz").status, 200)

        // Every other route still needs a token, and a token-guarded handler never sees it.
        XCTAssertEqual(try client.post("/v1/guarded").status, 401)
        XCTAssertEqual(try client.post("/v1/call/test.open").status, 401)
        XCTAssertEqual(try client.get("/v1/plugins").status, 401)
        XCTAssertEqual(try client.post("/v1/nowhere").status, 401, "unknown paths do not reveal themselves without a token")
        let guarded = try client.request("POST", "/v1/guarded", token: token, body: Array("{}".utf8), headers: [("X-Trace", "t1")])
        XCTAssertEqual(guarded.status, 200, guarded.text)
        let headers = try guarded.json() as? [String: String]
        XCTAssertEqual(headers?["x-trace"], "t1")
        XCTAssertNil(headers?["authorization"], "the http plugin's own token is withheld from handlers it authenticated for")
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
