import Foundation
import AIPLocking

/// Answers one request on its connection's thread: a whole response (head and body in one
/// `send`), or a stream (chunked for HTTP/1.1, delimited by the close for HTTP/1.0).
public final class HTTPResponder {
    private let connection: HTTPConnection
    private let head: HTTPRequestHead
    /// Whether the connection stays open after this answer (the server reads it back).
    private(set) var keepAlive: Bool
    private(set) var answered = false
    private var streaming = false
    private var failed = false

    /// Whether the server has begun stopping: then the answer closes the connection.
    private let stopping: () -> Bool

    init(connection: HTTPConnection, head: HTTPRequestHead, keepAlive: Bool, stopping: @escaping () -> Bool = { false }) {
        self.connection = connection
        self.head = head
        self.keepAlive = keepAlive
        self.stopping = stopping
    }

    /// The whole response. Content-Length, Date and Connection are added here.
    public func respond(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        guard !answered else { return }
        answered = true
        if keepAlive && stopping() { keepAlive = false }
        var bytes = Self.statusAndHeaders(status: status, headers: headers, keepAlive: keepAlive, minorVersion: head.minorVersion)
        bytes += "Content-Length: \(body.count)\r\n\r\n".utf8
        if head.method != "HEAD" { bytes += body }
        if !connection.write(bytes) { failed = true }
    }

    /// Sends the head of a streamed response; then `write` each piece and `finish`.
    @discardableResult
    public func startStream(status: Int, headers: [(name: String, value: String)]) -> Bool {
        guard !answered else { return false }
        answered = true
        streaming = true
        if head.minorVersion == 0 || stopping() { keepAlive = false }
        var bytes = Self.statusAndHeaders(status: status, headers: headers, keepAlive: keepAlive, minorVersion: head.minorVersion)
        bytes += head.minorVersion == 0 ? "\r\n".utf8 : "Transfer-Encoding: chunked\r\n\r\n".utf8
        return send(bytes)
    }

    /// One piece of a streamed body; false once the client has gone.
    public func write(_ piece: [UInt8]) -> Bool {
        guard streaming, !piece.isEmpty else { return streaming && !failed }
        guard head.minorVersion == 1 else { return send(piece) }
        var bytes = Array(String(piece.count, radix: 16).utf8)
        bytes.reserveCapacity(bytes.count + piece.count + 4)
        bytes += [0x0D, 0x0A]
        bytes += piece
        bytes += [0x0D, 0x0A]
        return send(bytes)
    }

    /// Ends a streamed body.
    public func finish() {
        guard streaming else { return }
        streaming = false
        if head.minorVersion == 1 { _ = send(Array("0\r\n\r\n".utf8)) }
    }

    /// Whether the client has gone: a write failed, or it closed its end.
    public var clientHasGone: Bool {
        failed || connection.peerHasClosed
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        guard !failed else { return false }
        if !connection.write(bytes) {
            failed = true
            keepAlive = false
        }
        return !failed
    }

    /// After a failed write nothing more can go on this connection.
    var connectionUsable: Bool { !failed && !streaming }

    static func statusAndHeaders(status: Int, headers: [(name: String, value: String)], keepAlive: Bool, minorVersion: Int) -> [UInt8] {
        var text = "HTTP/1.\(minorVersion) \(status) \(reason(status))\r\nDate: \(HTTPDate.now())\r\n"
        for (name, value) in headers {
            let lower = name.lowercased()
            guard lower != "content-length", lower != "transfer-encoding", lower != "connection", lower != "date" else { continue }
            // A header value with a line break would let a value forge headers: refuse it.
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }), !name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" }) else { continue }
            text += "\(name): \(value)\r\n"
        }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if minorVersion == 0 {
            text += "Connection: keep-alive\r\n"
        }
        return Array(text.utf8)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 499: "Client Closed Request"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// The `Date` header's IMF-fixdate, formatted once a second rather than once a response.
enum HTTPDate {
    private static let cache = Locked<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        let second = Int(time(nil))
        if let cached = cache.withLock({ $0.second == second ? $0.text : nil }) { return cached }
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        cache.withLock { $0 = (second, text) }
        return text
    }
}
