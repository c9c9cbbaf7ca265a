import AIPConfig
import Foundation
@testable import GatewayCore
import Synchronization
import XCTest

/// The gateway's own HTTP/1.1 client for `http://` upstreams, against a scripted server.
final class PlainHTTPClientTests: XCTestCase {
    private typealias Result = Swift.Result<UpstreamClient.Response, UpstreamClient.TransportError>

    private func post(_ client: UpstreamClient, _ url: String, timeoutMs: Int = 5_000, idleTimeoutMs: Int? = nil,
                      cancelled: (@Sendable () -> Bool)? = nil, onData: ((UnsafeRawBufferPointer) -> Bool)? = nil) -> Result {
        client.send(UpstreamRequest(url: url, headers: ["Content-Type: application/json", "Authorization: Bearer k"], body: Array(#"{"a":1}"#.utf8)),
                    timeoutMs: timeoutMs, idleTimeoutMs: idleTimeoutMs, cancelled: cancelled, onData: onData)
    }

    private func response(_ result: Result, file: StaticString = #filePath, line: UInt = #line) -> UpstreamClient.Response? {
        switch result {
        case .success(let response): return response
        case .failure(let error):
            XCTFail("unexpected failure \(error)", file: file, line: line)
            return nil
        }
    }

    private func failure(_ result: Result) -> UpstreamClient.TransportError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    func testTargets() {
        let target = PlainHTTPTarget(url: "http://127.0.0.1:8080/v1/chat/completions?x=1")
        XCTAssertEqual(target?.host, "127.0.0.1")
        XCTAssertEqual(target?.port, 8080)
        XCTAssertEqual(target?.hostHeader, "127.0.0.1:8080")
        XCTAssertEqual(target?.path, "/v1/chat/completions?x=1")
        XCTAssertEqual(PlainHTTPTarget(url: "HTTP://models.local")?.path, "/")
        XCTAssertEqual(PlainHTTPTarget(url: "http://models.local?q")?.path, "/?q")
        XCTAssertEqual(PlainHTTPTarget(url: "http://models.local/a#frag")?.path, "/a")
        XCTAssertEqual(PlainHTTPTarget(url: "http://models.local")?.port, 80)
        XCTAssertEqual(PlainHTTPTarget(url: "http://[::1]:9000/v1")?.host, "::1")
        XCTAssertEqual(PlainHTTPTarget(url: "http://[::1]:9000/v1")?.port, 9000)
        // Left to libcurl: TLS, credentials in the URL; refused: nonsense.
        XCTAssertNil(PlainHTTPTarget(url: "https://api.openai.com/v1"))
        XCTAssertNil(PlainHTTPTarget(url: "http://user:pw@host/v1"))
        XCTAssertNil(PlainHTTPTarget(url: "http://host:0/"))
        XCTAssertNil(PlainHTTPTarget(url: "http://host:99999/"))
        XCTAssertNil(PlainHTTPTarget(url: "http://host:80a/"))
        XCTAssertNil(PlainHTTPTarget(url: "http:///path"))
        XCTAssertNil(PlainHTTPTarget(url: "http://host/a b"))
    }

    func testAProxyInTheEnvironmentOrTheConfigLeavesEverythingToCurl() throws {
        XCTAssertTrue(UpstreamClient(environment: [:]).usesPlainHTTP("http://127.0.0.1:1/v1"))
        XCTAssertFalse(UpstreamClient(environment: [:]).usesPlainHTTP("https://127.0.0.1:1/v1"))
        XCTAssertFalse(UpstreamClient(environment: ["http_proxy": "http://proxy:3128"]).usesPlainHTTP("http://127.0.0.1:1/v1"))
        XCTAssertFalse(UpstreamClient(environment: ["ALL_PROXY": "socks5://proxy"]).usesPlainHTTP("http://127.0.0.1:1/v1"))
        // `http_client: "curl"` in the config.
        XCTAssertFalse(UpstreamClient(ownHTTPClient: false, environment: [:]).usesPlainHTTP("http://127.0.0.1:1/v1"))
        XCTAssertEqual(try GatewayConfiguration(json: try JSONParser.parse(#"{"http_client": "curl"}"#), environment: [:]).ownHTTPClient, false)
        XCTAssertEqual(try GatewayConfiguration(json: try JSONParser.parse("{}"), environment: [:]).ownHTTPClient, true)
        XCTAssertThrowsError(try GatewayConfiguration(json: try JSONParser.parse(#"{"http_client": "wget"}"#), environment: [:])) {
            XCTAssertTrue("\($0)".hasPrefix("gateway.http_client"), "\($0)")
        }
    }

    func testLengthFramedRepliesKeepTheConnection() throws {
        let server = try ScriptedUpstream { _ in
            .reply(["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n", #"{"ok":true}"#], pauseMs: 5)
        }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        for _ in 0..<3 {
            let reply = response(post(client, server.url))
            XCTAssertEqual(reply?.status, 200)
            XCTAssertEqual(reply.map { String(decoding: $0.body, as: UTF8.self) }, #"{"ok":true}"#)
        }
        let seen = server.requests.withLock { $0 }
        XCTAssertEqual(seen.map(\.connection), [1, 1, 1], "one kept-alive connection")
        let request = try XCTUnwrap(seen.first?.text)
        XCTAssertTrue(request.hasPrefix("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"), request)
        XCTAssertTrue(request.contains("\r\nAuthorization: Bearer k\r\n"))
        XCTAssertTrue(request.hasSuffix("Content-Length: 7\r\n\r\n{\"a\":1}"), request)
    }

    func testChunkedRepliesStreamDecodedAndErrorsAreCollected() throws {
        let server = try ScriptedUpstream { index in
            index == 0
                ? .reply(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "5;ext=1\r\nhello\r\n", "6\r\n world\r\n", "0\r\nX-Trailer: t\r\n\r\n"], pauseMs: 10)
                : .reply(["HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4\r\nslow\r\n0\r\n\r\n"])
        }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        let pieces = Mutex<[String]>([])
        let streamed = response(post(client, server.url, onData: { bytes in
            pieces.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            return true
        }))
        XCTAssertEqual(streamed?.status, 200)
        XCTAssertEqual(streamed?.body, [], "a streamed 2xx body goes to onData only")
        XCTAssertEqual(pieces.withLock { $0.joined() }, "hello world")
        XCTAssertGreaterThan(pieces.withLock { $0.count }, 1, "delivered as it arrived")
        let limited = response(post(client, server.url, onData: { _ in true }))
        XCTAssertEqual(limited?.status, 429)
        XCTAssertEqual(limited?.retryAfterSeconds, 2)
        XCTAssertEqual(limited.map { String(decoding: $0.body, as: UTF8.self) }, "slow")
        XCTAssertEqual(server.requests.withLock { $0.map(\.connection) }, [1, 1])
    }

    func testABodyEndedByCloseAndInterimHeads() throws {
        let server = try ScriptedUpstream { index in
            index == 0
                ? .replyAndClose(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\n", "until ", "close"])
                : .reply(["HTTP/1.1 204 No Content\r\n\r\n"])
        }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        let reply = response(post(client, server.url))
        XCTAssertEqual(reply?.status, 200)
        XCTAssertEqual(reply.map { String(decoding: $0.body, as: UTF8.self) }, "until close")
        XCTAssertEqual(response(post(client, server.url))?.status, 204)
        XCTAssertEqual(server.requests.withLock { $0.map(\.connection) }, [1, 2], "a close-framed reply leaves no connection to keep")
    }

    func testAKeptConnectionTheUpstreamDroppedIsReplacedUnseen() throws {
        // The first reply says keep-alive but the server closes; the next request finds a dead
        // connection in the pool and goes again on a new one.
        let server = try ScriptedUpstream { _ in .replyAndClose(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]) }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        XCTAssertEqual(response(post(client, server.url))?.status, 200)
        usleep(50_000)
        XCTAssertEqual(response(post(client, server.url)).map { String(decoding: $0.body, as: UTF8.self) }, "ok")
        XCTAssertEqual(server.requests.withLock { $0.map(\.connection) }, [1, 2])
    }

    func testMalformedRepliesFailWithTheReason() throws {
        let replies = ["garbage\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                       "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                       "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"]
        let server = try ScriptedUpstream { index in .replyAndClose([replies[index]]) }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        let expected = ["status line 'garbage'", "no status code", "Content-Length '3'", "Content-Length '-1'", "chunk size 'zz'",
                        "closed the connection before the response ended"]
        for (index, reason) in expected.enumerated() {
            guard case .failure(.failed(let message)) = post(client, server.url) else {
                XCTFail("reply \(index) was accepted")
                continue
            }
            XCTAssertTrue(message.contains(reason), "\(index): \(message)")
        }
    }

    func testTimeOutsAndCancellation() throws {
        let server = try ScriptedUpstream { index in
            switch index {
            case 0: return .stall(ms: 2_000)
            case 1: return .reply(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"])
            default: return .stall(ms: 2_000)
            }
        }
        defer { server.stop() }
        let client = UpstreamClient(environment: [:])
        var started = Date()
        XCTAssertEqual(failure(post(client, server.url, timeoutMs: 200)), .timeout("timed out after 200 ms"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
        started = Date()
        XCTAssertEqual(failure(post(client, server.url, idleTimeoutMs: 200, onData: { _ in true })), .timeout("no data for 200 ms"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
        let stop = Atomic<Bool>(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { stop.store(true, ordering: .relaxed) }
        started = Date()
        XCTAssertEqual(failure(post(client, server.url, cancelled: { stop.load(ordering: .relaxed) })), .cancelled)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
    }

    func testARefusedConnectionNamesTheAddress() throws {
        let server = try ScriptedUpstream { _ in .close }
        let port = server.port
        server.stop()
        usleep(20_000)
        guard case .failure(.failed(let message)) = post(UpstreamClient(environment: [:]), "http://127.0.0.1:\(port)/v1") else {
            return XCTFail("a closed port answered")
        }
        XCTAssertTrue(message.contains("cannot connect to 127.0.0.1:\(port)"), message)
    }
}

extension PlainHTTPClientTests {
    func testHeadsAndBodiesLargerThanTheReadBuffer() throws {
        let header = "X-Padding: " + String(repeating: "p", count: 40_000) + "\r\n"
        let body = String(repeating: "0123456789", count: 10_000)
        let server = try ScriptedUpstream { _ in .reply(["HTTP/1.1 200 OK\r\n" + header + "Content-Length: \(body.utf8.count)\r\n\r\n" + body]) }
        defer { server.stop() }
        let reply = response(post(UpstreamClient(environment: [:]), server.url))
        XCTAssertEqual(reply.map { String(decoding: $0.body, as: UTF8.self) }, body)
    }
}
