import Foundation
import HTTPCore
import XCTest

/// The http plugin's pure logic, without a server or dlopen.
final class HTTPCoreTests: XCTestCase {
    func testTokensAreMatchedByTheirHashAndAllowOnlyTheirCapabilities() {
        let store = TokenStore([
            TokenEntry(name: "admin", sha256: TokenStore.hash("s3cret"), capabilities: ["*"]),
            TokenEntry(name: "reader", sha256: TokenStore.hash("r34d"), capabilities: ["host.plugins.list", "prompt.*"]),
        ])
        XCTAssertEqual(TokenStore.hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(store.authenticate(authorization: nil), .missing)
        XCTAssertEqual(store.authenticate(authorization: "Basic czNjcmV0"), .missing)
        XCTAssertEqual(store.authenticate(authorization: "Bearer "), .missing)
        XCTAssertEqual(store.authenticate(authorization: "Bearer wrong"), .unknown)
        guard case .accepted(let admin) = store.authenticate(authorization: "bearer s3cret") else { return XCTFail("admin refused") }
        XCTAssertEqual(admin.name, "admin")
        XCTAssertTrue(admin.allows("anything.at.all"))
        guard case .accepted(let reader) = store.authenticate(authorization: "Bearer r34d") else { return XCTFail("reader refused") }
        XCTAssertTrue(reader.allows("host.plugins.list"))
        XCTAssertTrue(reader.allows("prompt.render"))
        XCTAssertFalse(reader.allows("promptx.render"), "a family ends at a dot")
        XCTAssertFalse(reader.allows("host.plugins.disable"))
    }

    func testAdminRoutesAndThePermissionEachNeeds() {
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/healthz"), .healthz)
        XCTAssertNil(AdminRoute.healthz.permission)
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/readyz").permission, "host.health")
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/metrics").permission, "host.metrics")
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/v1/plugins").permission, "host.plugins.list")
        XCTAssertEqual(AdminRoute.match(method: "POST", path: "/v1/plugins/guardrails/reload"), .pluginAction(plugin: "guardrails", action: .reload))
        XCTAssertEqual(AdminRoute.match(method: "POST", path: "/v1/plugins/guardrails/reload").permission, "host.plugins.reload")
        XCTAssertEqual(AdminRoute.match(method: "POST", path: "/v1/call/prompt.render"), .call(capability: "prompt.render"))
        XCTAssertEqual(AdminRoute.match(method: "POST", path: "/v1/call/prompt.render").permission, "prompt.render")
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/v1/events").permission, AdminRoute.eventsPermission)
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/v1/call/x"), .methodNotAllowed(allowed: "POST"))
        XCTAssertEqual(AdminRoute.match(method: "POST", path: "/v1/plugins/x/explode"), .notFound)
        XCTAssertEqual(AdminRoute.match(method: "GET", path: "/"), .notFound)
    }

    func testPluginRoutesMatchParametersPreferLiteralsAndRefuseBadPatterns() throws {
        var table = RouteTable()
        try table.register(.init(method: "get", path: "/v1/prompts/{id}", capability: "prompt.get"))
        try table.register(.init(method: "GET", path: "/v1/prompts/latest", capability: "prompt.latest"))
        XCTAssertEqual(table.match(method: "GET", path: "/v1/prompts/42")?.parameters, ["id": "42"])
        XCTAssertEqual(table.match(method: "GET", path: "/v1/prompts/latest")?.route.capability, "prompt.latest")
        XCTAssertNil(table.match(method: "POST", path: "/v1/prompts/42"))
        XCTAssertNil(table.match(method: "GET", path: "/v1/prompts/42/extra"))
        try table.register(.init(method: "GET", path: "/v1/prompts/{id}", capability: "prompt.get2"))
        XCTAssertEqual(table.routes.count, 2, "re-registering replaces")
        XCTAssertTrue(table.unregister(method: "get", path: "/v1/prompts/{id}"))
        XCTAssertNil(table.match(method: "GET", path: "/v1/prompts/42"))

        XCTAssertThrowsError(try table.register(.init(method: "GET", path: "/v1/call/x", capability: "a.b"))) { error in
            XCTAssertTrue("\(error)".contains("reserved for the admin API"), "\(error)")
        }
        XCTAssertThrowsError(try table.register(.init(method: "BREW", path: "/x", capability: "a.b")))
        XCTAssertThrowsError(try table.register(.init(method: "GET", path: "x", capability: "a.b")))
        XCTAssertThrowsError(try table.register(.init(method: "GET", path: "/{a}/{a}", capability: "a.b")))
        XCTAssertThrowsError(try table.register(.init(method: "GET", path: "/{a", capability: "a.b")))
    }

    func testPrometheusTextHasEveryFamilyWithEscapedLabels() throws {
        let snapshot = try JSONDecoder().decode(MetricsSnapshot.self, from: Data(#"""
            {"capabilities": [{"capability": "demo.\"q\"", "calls": 3, "errors": 1, "latencySecondsSum": 0.25,
                               "latencyBuckets": [{"le": 0.001, "count": 2}, {"le": 1, "count": 3}, {"count": 3}]}],
             "events": {"published": 7, "delivered": 6, "dropped": 1, "queued": 0},
             "plugins": [{"name": "demo", "version": "1.2.3", "state": "running", "isolation": "process", "restarts": 2}],
             "uptimeSeconds": 12}
            """#.utf8))
        let text = PrometheusText.render(snapshot, requests: [200: 5, 503: 1])
        XCTAssertTrue(text.contains("# TYPE aip_capability_call_duration_seconds histogram"))
        XCTAssertTrue(text.contains(#"aip_capability_calls_total{capability="demo.\"q\""} 3"#), text)
        XCTAssertTrue(text.contains(#"aip_capability_call_duration_seconds_bucket{capability="demo.\"q\"",le="0.001"} 2"#), text)
        XCTAssertTrue(text.contains(#"aip_capability_call_duration_seconds_bucket{capability="demo.\"q\"",le="+Inf"} 3"#), text)
        XCTAssertTrue(text.contains(#"aip_capability_call_duration_seconds_sum{capability="demo.\"q\""} 0.25"#), text)
        XCTAssertTrue(text.contains("aip_events_dropped_total 1"))
        XCTAssertTrue(text.contains(#"aip_plugin_restarts_total{plugin="demo"} 2"#))
        XCTAssertTrue(text.contains(#"aip_plugin_up{plugin="demo",version="1.2.3",isolation="process"} 1"#))
        XCTAssertTrue(text.contains(#"aip_http_requests_total{code="503"} 1"#))
        XCTAssertTrue(text.hasSuffix("aip_uptime_seconds 12\n"))
    }

    func testServerSentEventFramesSplitMultilinePayloads() {
        XCTAssertEqual(ServerSentEvents.frame(topic: "a.b", sequence: 9, source: "x", payload: "{\"k\":1}"),
                       "id: 9\nevent: a.b\ndata: {\"k\":1}\n\n")
        XCTAssertEqual(ServerSentEvents.frame(topic: "a.b", sequence: 1, source: "x", payload: "one\r\ntwo"),
                       "id: 1\nevent: a.b\ndata: one\ndata: two\n\n")
    }

    func testStatusMappingAndSettingsDefaults() throws {
        XCTAssertEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 77].map(StatusMapping.httpStatus(for:)),
                       [200, 400, 404, 403, 503, 500, 415, 504, 429, 409, 500])
        let settings = try JSONDecoder().decode(HTTPSettings.self, from: Data(#"""
            {"host": "127.0.0.1", "port": 0, "tokens": [], "call_threads": 4, "max_body_bytes": 10,
             "drain_timeout_ms": 5, "sse_heartbeat_ms": 100}
            """#.utf8))
        XCTAssertEqual(settings.callThreads, 4)
        XCTAssertEqual(settings.maxBodyBytes, 10)
    }
}

/// What routed handlers see (headers) and how they spell an exact response (application/http).
final class RoutedExchangeTests: XCTestCase {
    func testHeadersAreLowerCasedJoinedAndTheTokenWithheldWhenAsked() {
        let fields: [(name: String, value: String)] = [("Accept", "a/b"), ("X-Api-Key", "k1"), ("accept", "c/d"), ("Authorization", "Bearer t")]
        XCTAssertEqual(HeaderFields.envelope(fields), ["accept": "a/b, c/d", "x-api-key": "k1", "authorization": "Bearer t"])
        XCTAssertEqual(HeaderFields.envelope(fields, withheld: ["authorization"]), ["accept": "a/b, c/d", "x-api-key": "k1"])
    }

    func testARouteSaysWhoAuthenticates() throws {
        let open = try JSONDecoder().decode(RouteTable.Route.self, from: Data(#"{"method":"POST","path":"/v1/x","capability":"g.x","auth":"handler"}"#.utf8))
        XCTAssertTrue(open.authenticatedByHandler)
        let guarded = try JSONDecoder().decode(RouteTable.Route.self, from: Data(#"{"method":"POST","path":"/v1/x","capability":"g.x"}"#.utf8))
        XCTAssertFalse(guarded.authenticatedByHandler)
        XCTAssertThrowsError(try JSONDecoder().decode(RouteTable.Route.self, from: Data(#"{"method":"GET","path":"/x","capability":"g.x","auth":"none"}"#.utf8)))
        var table = RouteTable()
        try table.register(open)
        XCTAssertEqual(table.match(method: "POST", path: "/v1/x")?.route.auth, .handler, "the table keeps the choice")
    }

    func testResponseMessagesParseWithCRLFOrLFAndDropFraming() throws {
        let message = try HTTPResponseMessage.parse(Array("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: Bearer\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".utf8))
        XCTAssertEqual(message.status, 401)
        XCTAssertEqual(message.headers.map(\.name), ["Content-Type", "WWW-Authenticate"])
        XCTAssertEqual(message.headers.map(\.value), ["application/json", "Bearer"])
        XCTAssertEqual(message.body, Array("{}".utf8))
        let bare = try HTTPResponseMessage.parse(Array("HTTP/1.0 429\nRetry-After:  3 \n\nline one\r\n\r\nline two".utf8))
        XCTAssertEqual(bare.status, 429)
        XCTAssertEqual(bare.headers.first?.value, "3")
        XCTAssertEqual(String(decoding: bare.body, as: UTF8.self), "line one\r\n\r\nline two", "the body is everything after the first blank line")
        let empty = try HTTPResponseMessage.parse(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
        XCTAssertEqual(empty.body, [])
        XCTAssertEqual(try HTTPResponseMessage.parse(message.serialized()), message, "serialized() is parse's inverse")
        XCTAssertTrue(HTTPResponseMessage.announces("application/http"))
        XCTAssertTrue(HTTPResponseMessage.announces("Application/HTTP; msgtype=response"))
        XCTAssertFalse(HTTPResponseMessage.announces("application/json"))
    }

    func testMalformedResponseMessagesSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain", "no blank line"),
            ("HTP/1.1 200 OK\r\n\r\n", "status line"),
            ("HTTP/1.1 99 Low\r\n\r\n", "200 to 599"),
            ("HTTP/1.1 2000 Big\r\n\r\n", "200 to 599"),
            ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "has no colon"),
            ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "not a valid field name"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", "Content-Length says 5"),
            ("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n{}", "not a number"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try HTTPResponseMessage.parse(Array(text.utf8)), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }
}
