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
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return type.lowercased() == Self.contentType
    }

    static let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]

    public static func parse(_ bytes: [UInt8]) throws(MessageError) -> HTTPResponseMessage {
        guard let (headEnd, bodyStart) = endOfHead(bytes) else {
            throw MessageError("no blank line ends the status line and headers")
        }
        // Split bytes, not a String: "\r\n" is one Character and would never match "\n".
        var lines = bytes[..<headEnd].split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else {
            throw MessageError("the status line \"\(statusLine.prefix(80))\" is not \"HTTP/1.1 <status> <reason>\"")
        }
        guard parts[1].count == 3, let status = Int(parts[1]), (200...599).contains(status) else {
            throw MessageError("status \"\(parts[1].prefix(20))\" is not a number from 200 to 599")
        }
        var headers: [(name: String, value: String)] = []
        var declaredLength: Int?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw MessageError("header line \"\(line.prefix(80))\" has no colon")
            }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.allSatisfy(isTokenCharacter) else {
                throw MessageError("header name \"\(name.prefix(80))\" is not a valid field name")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.contains(where: { $0 == "\r" || $0 == "\0" }) else {
                throw MessageError("header \(name) has a control character in its value")
            }
            let lowered = name.lowercased()
            if lowered == "content-length" {
                guard let length = Int(value), length >= 0 else { throw MessageError("Content-Length \"\(value.prefix(20))\" is not a number") }
                declaredLength = length
            }
            if framing.contains(lowered) { continue }
            headers.append((name, value))
        }
        let body = Array(bytes[bodyStart...])
        if let declaredLength, declaredLength != body.count {
            throw MessageError("Content-Length says \(declaredLength) bytes but the body has \(body.count)")
        }
        return HTTPResponseMessage(status: status, headers: headers, body: body)
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

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue, ascii > 32, ascii < 127 else { return false }
        return !"\"(),/:;<=>?@[\\]{}".contains(character)
    }
}

public struct MessageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
