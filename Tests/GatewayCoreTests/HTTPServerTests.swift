import Foundation
@testable import GatewayCore
import Synchronization
import XCTest

/// The gateway listener's HTTP/1.1 server over real loopback sockets: keep-alive, pipelining,
/// chunked bodies both ways, `Expect: 100-continue`, the errors it answers itself, limits, a
/// client leaving mid-stream, and stopping with a request in flight.
final class HTTPServerTests: XCTestCase {
    /// Answers with the method, path, query and body it received.
    private static let echo: HTTPServer.Handler = { request, responder in
        let text = "\(request.head.method) \(request.head.path) \(request.head.query ?? "-") \(String(decoding: request.body, as: UTF8.self))"
        responder.respond(status: 200, headers: [("Content-Type", "text/plain"), ("X-Test", "yes")], body: Array(text.utf8))
    }

    private func withServer(_ limits: HTTPServer.Limits = HTTPServer.Limits(), handler: @escaping HTTPServer.Handler = echo,
                            _ body: (HTTPServer, Int) throws -> Void) throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, limits: limits, handler: handler)
        let port = try server.start()
        defer { server.stop(graceSeconds: 2) }
        try body(server, port)
    }

    func testKeepAliveAnswersRequestsInTurnOnOneConnection() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /v1/chat?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
            let first = try client.readResponse()
            XCTAssertEqual(first.status, 200)
            XCTAssertEqual(first.body, "POST /v1/chat x=1 hello")
            XCTAssertEqual(first.header("x-test"), "yes")
            XCTAssertNotNil(first.header("date"))
            XCTAssertNil(first.header("connection"))
            try client.send("GET /v1/models HTTP/1.1\r\nHost: a\r\n\r\n")
            XCTAssertEqual(try client.readResponse().body, "GET /v1/models - ")
        }
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /a HTTP/1.1\r\nContent-Length: 1\r\n\r\n1POST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\n22GET /c HTTP/1.1\n\n")
            XCTAssertEqual(try client.readResponse().body, "POST /a - 1")
            XCTAssertEqual(try client.readResponse().body, "POST /b - 22")
            XCTAssertEqual(try client.readResponse().body, "GET /c - ", "bare LF line ends are accepted")
        }
    }

    func testChunkedBodiesAndExpectContinue() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().body, "POST /up - hello world")

            try client.send("POST /wait HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            XCTAssertEqual(interim.status, 100, "the client is told to go on before it sends the body")
            try client.send("body")
            XCTAssertEqual(try client.readResponse().body, "POST /wait - body")
        }
    }

    func testMalformedRequestsGetTheirStatusAndTheConnectionCloses() throws {
        var limits = HTTPServer.Limits()
        limits.maxBodyBytes = 10
        limits.maxHeadBytes = 200
        try withServer(limits) { _, port in
            let cases: [(String, Int, String)] = [
                ("GARBAGE\r\n\r\n", 400, "malformed request line"),
                ("GET / HTTP/2.0\r\n\r\n", 505, "HTTP/2.0 is not supported"),
                ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "transfer coding gzip"),
                ("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", 400, "invalid Content-Length"),
                ("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400, "invalid Content-Length"),
                ("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413, "the body exceeds 10 bytes"),
                ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n", 413, "the body exceeds 10 bytes"),
                ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "malformed chunk size"),
                ("GET / HTTP/1.1\r\nX-Long: \(String(repeating: "a", count: 300))\r\n\r\n", 431, "exceed 200 bytes"),
                ("GET / HTTP/1.1\r\n folded: no\r\n\r\n", 400, "folding"),
                ("GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400, "without a colon"),
            ]
            for (request, status, message) in cases {
                let client = try RawClient(port: port)
                try client.send(request)
                let response = try client.readResponse()
                XCTAssertEqual(response.status, status, request)
                XCTAssertTrue(response.body.contains(message), "\(request): \(response.body)")
                XCTAssertTrue(response.body.hasPrefix(#"{"error":{"message":"#), response.body)
                XCTAssertEqual(response.header("connection"), "close")
                XCTAssertTrue(try client.isClosedByServer(), request)
            }
        }
    }

    func testHTTP10ClosesUnlessAskedToKeepAlive() throws {
        try withServer { _, port in
            let plain = try RawClient(port: port)
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try plain.readResponse()
            XCTAssertEqual(response.version, "HTTP/1.0")
            XCTAssertEqual(response.header("connection"), "close")
            XCTAssertTrue(try plain.isClosedByServer())

            let kept = try RawClient(port: port)
            try kept.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            XCTAssertEqual(try kept.readResponse().header("connection"), "keep-alive")
            try kept.send("GET /b HTTP/1.1\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(try kept.readResponse().body, "GET /b - ")
            XCTAssertTrue(try kept.isClosedByServer())
        }
    }

    func testStreamedResponsesAreChunkedAndHandlersThatDoNotAnswerGet500() throws {
        let handler: HTTPServer.Handler = { request, responder in
            guard request.head.path == "/stream" else { return }
            responder.startStream(status: 200, headers: [("Content-Type", "text/event-stream")])
            for piece in ["data: one\n\n", "data: two\n\n"] { _ = responder.write(Array(piece.utf8)) }
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /stream HTTP/1.1\r\n\r\n")
            let streamed = try client.readResponse()
            XCTAssertEqual(streamed.header("transfer-encoding"), "chunked")
            XCTAssertEqual(streamed.body, "data: one\n\ndata: two\n\n")
            try client.send("GET /silent HTTP/1.1\r\n\r\n")
            let silent = try client.readResponse()
            XCTAssertEqual(silent.status, 500)
            XCTAssertTrue(silent.body.contains("not answered"))

            let old = try RawClient(port: port)
            try old.send("GET /stream HTTP/1.0\r\n\r\n")
            let closeDelimited = try old.readResponse()
            XCTAssertNil(closeDelimited.header("transfer-encoding"))
            XCTAssertEqual(closeDelimited.body, "data: one\n\ndata: two\n\n")
        }
    }

    func testAClientLeavingMidStreamIsNoticedWithoutAWrite() throws {
        let noticed = Mutex<Bool?>(nil)
        let handler: HTTPServer.Handler = { _, responder in
            responder.startStream(status: 200, headers: [])
            _ = responder.write(Array("data: start\n\n".utf8))
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, !responder.clientHasGone { usleep(5_000) }
            noticed.withLock { $0 = responder.clientHasGone }
        }
        try withServer(handler: handler) { server, port in
            let client = try RawClient(port: port)
            try client.send("GET /stream HTTP/1.1\r\n\r\n")
            _ = try client.readUntil("data: start")
            client.close()
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, noticed.withLock({ $0 }) == nil { usleep(5_000) }
            XCTAssertEqual(noticed.withLock { $0 }, true)
            while Date() < deadline, server.openConnections > 0 { usleep(5_000) }
            XCTAssertEqual(server.openConnections, 0, "the connection's thread ended")
        }
    }

    func testConnectionsOverTheLimitGet503() throws {
        var limits = HTTPServer.Limits()
        limits.maxConnections = 1
        try withServer(limits) { server, port in
            let first = try RawClient(port: port)
            try first.send("GET /one HTTP/1.1\r\n\r\n")
            XCTAssertEqual(try first.readResponse().status, 200)
            let second = try RawClient(port: port)
            let refused = try second.readResponse()
            XCTAssertEqual(refused.status, 503)
            XCTAssertEqual(refused.header("retry-after"), "1")
            XCTAssertTrue(refused.body.contains("maximum number of connections"))
            first.close()
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, server.openConnections > 0 { usleep(5_000) }
            let third = try RawClient(port: port)
            try third.send("GET /three HTTP/1.1\r\n\r\n")
            XCTAssertEqual(try third.readResponse().status, 200)
        }
    }

    func testStopLetsARequestInFlightFinishAndClosesIdleConnections() throws {
        let handler: HTTPServer.Handler = { request, responder in
            if request.head.path == "/slow" { usleep(300_000) }
            responder.respond(status: 200, headers: [], body: Array("done \(request.head.path)".utf8))
        }
        let server = HTTPServer(host: "127.0.0.1", port: 0, handler: handler)
        let port = try server.start()
        let idle = try RawClient(port: port)
        try idle.send("GET /first HTTP/1.1\r\n\r\n")
        XCTAssertEqual(try idle.readResponse().body, "done /first")
        let busy = try RawClient(port: port)
        try busy.send("GET /slow HTTP/1.1\r\n\r\n")
        usleep(50_000)
        let stopped = Mutex<Bool?>(nil)
        let stopper = Thread { stopped.withLock { $0 = server.stop(graceSeconds: 5) } }
        stopper.start()
        let response = try busy.readResponse()
        XCTAssertEqual(response.body, "done /slow", "the request in flight is answered")
        XCTAssertEqual(response.header("connection"), "close", "and its connection is not kept")
        XCTAssertTrue(try idle.isClosedByServer())
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, stopped.withLock({ $0 }) == nil { usleep(5_000) }
        XCTAssertEqual(stopped.withLock { $0 }, true)
        XCTAssertThrowsError(try RawClient(port: port), "nothing listens any more")
    }

    func testTheHeadParserReadsWhatTheBodyNeeds() throws {
        func parse(_ text: String) throws -> HTTPRequestHead { try HTTPRequestHead.parse(ArraySlice(Array(text.utf8))) }
        let chunked = try parse("POST http://example.com/v1/x?y=2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")
        XCTAssertEqual(chunked.path, "/v1/x")
        XCTAssertEqual(chunked.query, "y=2")
        XCTAssertEqual(chunked.body, .chunked)
        XCTAssertFalse(chunked.keepAlive, "a length beside chunked never keeps the connection")
        XCTAssertEqual(try parse("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").body, .none)
        XCTAssertEqual(try parse("GET / HTTP/1.1\r\nconnection: Keep-Alive, Upgrade\r\n\r\n").keepAlive, true)
        XCTAssertThrowsError(try parse("GET / HTTP/1.1\r\nX: a\u{1}b\r\n\r\n"))
    }
}

/// A bare TCP client: writes bytes, reads HTTP/1.x responses (Content-Length, chunked, or to the close).
private final class RawClient {
    struct Response {
        var version = ""
        var status = 0
        var headers: [(String, String)] = []
        var body = ""
        func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    }

    private var fd: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw NSError(domain: "RawClient", code: Int(errno))
        }
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw NSError(domain: "RawClient", code: Int(errno))
        }
    }

    /// Reads more bytes; false at the end of the stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count < 0 { throw NSError(domain: "RawClient", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "read timed out"]) }
        pending += chunk[0..<count]
        return count > 0
    }

    private func line() throws -> String {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let text = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                pending.removeFirst(newline + 1)
                return text
            }
            guard try fill() else { throw NSError(domain: "RawClient", code: 0, userInfo: [NSLocalizedDescriptionKey: "closed mid-line"]) }
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard try fill() else { throw NSError(domain: "RawClient", code: 0, userInfo: [NSLocalizedDescriptionKey: "closed mid-body"]) }
        }
        defer { pending.removeFirst(count) }
        return Array(pending[..<count])
    }

    func readUntil(_ marker: String) throws -> String {
        while !String(decoding: pending, as: UTF8.self).contains(marker) {
            guard try fill() else { break }
        }
        return String(decoding: pending, as: UTF8.self)
    }

    func readResponse() throws -> Response {
        var response = Response()
        let status = try line().split(separator: " ", maxSplits: 2)
        response.version = String(status[0])
        response.status = Int(status[1]) ?? 0
        while true {
            let header = try line()
            if header.isEmpty { break }
            let parts = header.split(separator: ":", maxSplits: 1)
            response.headers.append((parts[0].lowercased(), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        if response.status == 100 { return response }
        var body: [UInt8] = []
        if let length = response.header("content-length").flatMap(Int.init) {
            body = try take(length)
        } else if response.header("transfer-encoding") == "chunked" {
            while true {
                let size = Int(try line(), radix: 16) ?? 0
                if size == 0 {
                    _ = try line()
                    break
                }
                body += try take(size)
                _ = try take(2)
            }
        } else {
            while try fill() {}
            body = pending
            pending = []
        }
        response.body = String(decoding: body, as: UTF8.self)
        return response
    }

    /// Whether the server closed the connection (reads the end of stream, within the time-out).
    func isClosedByServer() throws -> Bool {
        if !pending.isEmpty { return false }
        return try !fill()
    }
}

/// The upstream client against this server: statuses, bodies and `Retry-After` read from the reply.
final class UpstreamClientTests: XCTestCase {
    func testStatusBodyAndRetryAfterAreRead() throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0) { request, responder in
            switch request.head.path {
            case "/limited": responder.respond(status: 429, headers: [("RETRY-AFTER", " 7 ")], body: Array("slow down".utf8))
            default: responder.respond(status: 200, headers: [], body: request.body)
            }
        }
        let port = try server.start()
        defer { server.stop(graceSeconds: 2) }
        let client = UpstreamClient()
        for _ in 0..<2 {
            let echoed = try client.send(UpstreamRequest(url: "http://127.0.0.1:\(port)/echo", headers: [], body: Array("{\"a\":1}".utf8)),
                                         timeoutMs: 5_000).get()
            XCTAssertEqual(echoed.status, 200)
            XCTAssertEqual(String(decoding: echoed.body, as: UTF8.self), "{\"a\":1}")
            XCTAssertNil(echoed.retryAfterSeconds)
        }
        let limited = try client.send(UpstreamRequest(url: "http://127.0.0.1:\(port)/limited", headers: [], body: []), timeoutMs: 5_000).get()
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.retryAfterSeconds, 7)
        XCTAssertEqual(String(decoding: limited.body, as: UTF8.self), "slow down")
    }
}
