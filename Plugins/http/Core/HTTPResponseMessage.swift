import Foundation

/// A routed handler's exact response: a reply with content type `application/http` holding an
/// HTTP/1.1 response message (status line, header lines, a blank line, the body). Plain text,
/// so a C plugin writes it with one `snprintf`, and the body needs no escaping.
///
///     HTTP/1.1 401 Unauthorized\r\n
///     Content-Type: application/json\r\n
///     WWW-Authenticate: Bearer\r\n
///     \r\n
///     {"error": ...}
///
/// Lines may end in CRLF or LF. The body is everything after the blank line; a `Content-Length`
/// header, if given, must match it. The server frames the response itself, so `Content-Length`,
/// `Transfer-Encoding` and `Connection` are not passed on.
public struct HTTPResponseMessage: Equatable, Sendable {
    public static let contentType = "application/http"

    public var status: Int
    /// In the order given; names as written.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    /// Whether a reply's content type (parameters allowed) announces a response message.
    public static func announces(_ contentType: String) -> Bool {
        var type = Array(contentType.utf8).prefix { $0 != UInt8(ascii: ";") }
        while let first = type.first, first == 32 || first == 9 { type.removeFirst() }
        while let last = type.last, last == 32 || last == 9 { type.removeLast() }
        return equalsIgnoringCase(type, "application/http")
    }


    /// Parses bytes, never Characters: a routed request pays for this on every response, and
    /// grapheme-level string work once made it a twentieth of the request's CPU.
    public static func parse(_ bytes: [UInt8]) throws(MessageError) -> HTTPResponseMessage {
        guard let (headEnd, bodyStart) = endOfHead(bytes) else {
            throw MessageError("no blank line ends the status line and headers")
        }
        var lines = HeadLines(bytes: bytes, end: headEnd)
        let statusLine = lines.next() ?? 0..<0
        let status = try statusCode(bytes[statusLine])
        var headers: [(name: String, value: String)] = []
        var declaredLength: Int?
        while let line = lines.next() {
            let text = bytes[line]
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else {
                throw MessageError("header line \"\(Self.text(text).prefix(80))\" has no colon")
            }
            let nameBytes = text[..<colon]
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else {
                throw MessageError("header name \"\(Self.text(nameBytes).prefix(80))\" is not a valid field name")
            }
            var valueBytes = text[(colon + 1)...]
            while let first = valueBytes.first, first == 32 || first == 9 { valueBytes.removeFirst() }
            while let last = valueBytes.last, last == 32 || last == 9 { valueBytes.removeLast() }
            let name = Self.text(nameBytes)
            guard !valueBytes.contains(where: { $0 == 13 || $0 == 0 }) else {
                throw MessageError("header \(name) has a control character in its value")
            }
            let value = Self.text(valueBytes)
            if equalsIgnoringCase(nameBytes, "content-length") {
                guard let length = Int(value), length >= 0 else { throw MessageError("Content-Length \"\(value.prefix(20))\" is not a number") }
                declaredLength = length
                continue
            }
            if equalsIgnoringCase(nameBytes, "transfer-encoding") || equalsIgnoringCase(nameBytes, "connection") { continue }
            headers.append((name, value))
        }
        let body = Array(bytes[bodyStart...])
        if let declaredLength, declaredLength != body.count {
            throw MessageError("Content-Length says \(declaredLength) bytes but the body has \(body.count)")
        }
        return HTTPResponseMessage(status: status, headers: headers, body: body)
    }

    /// `HTTP/1.x NNN [reason]` → NNN.
    private static func statusCode(_ line: ArraySlice<UInt8>) throws(MessageError) -> Int {
        let prefix = Array("HTTP/1.".utf8)
        guard line.starts(with: prefix), let space = line.firstIndex(of: 32) else {
            throw MessageError("the status line \"\(text(line).prefix(80))\" is not \"HTTP/1.1 <status> <reason>\"")
        }
        let digits = line[(space + 1)...].prefix { $0 != 32 }
        guard digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              case let status = digits.reduce(0, { $0 * 10 + Int($1 - 48) }), (200...599).contains(status) else {
            throw MessageError("status \"\(text(digits).prefix(20))\" is not a number from 200 to 599")
        }
        return status
    }

    /// The head's lines as ranges, without their CR.
    private struct HeadLines {
        let bytes: [UInt8]
        let end: Int
        var start = 0

        mutating func next() -> Range<Int>? {
            guard start <= end, !(start == end && start > 0) else { return nil }
            var stop = start
            while stop < end, bytes[stop] != 10 { stop += 1 }
            defer { start = stop + 1 }
            return start..<(stop > start && bytes[stop - 1] == 13 ? stop - 1 : stop)
        }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
        }
    }

    /// RFC 9110 token characters: visible ASCII except separators.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...32, 127...255: false
        case UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"),
             UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): false
        default: true
        }
    }

    /// The message as bytes (what a handler returns); the inverse of `parse`.
    public func serialized() -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }

    /// Where the head ends (exclusive, without its final line break) and the body begins.
    private static func endOfHead(_ bytes: [UInt8]) -> (Int, Int)? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                // "\n\n" or "\n\r\n"
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return (trimCR(bytes, index), index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (trimCR(bytes, index), index + 3) }
            }
            index += 1
        }
        return nil
    }

    private static func trimCR(_ bytes: [UInt8], _ newline: Int) -> Int {
        newline > 0 && bytes[newline - 1] == 13 ? newline - 1 : newline
    }
}

public struct MessageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
