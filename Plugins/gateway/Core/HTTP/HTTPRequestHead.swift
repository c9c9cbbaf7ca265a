import Foundation

/// A parsed HTTP/1.x request line and header block, as `HTTPRequestHead.parse` reads it from the
/// bytes of one request head (everything before the blank line).
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The path, without the query string.
    public var path: String
    public var query: String?
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    /// Names lower-cased, in the order received.
    public var headers: [(name: String, value: String)]

    /// What the head says about the body: none, a length, or chunked.
    public enum Body: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    public var body: Body
    /// Whether the connection may carry another request after this one.
    public var keepAlive: Bool
    /// `Expect: 100-continue`: the client waits for an interim answer before sending the body.
    public var expectsContinue: Bool

    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.minorVersion == rhs.minorVersion
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] } && lhs.body == rhs.body
            && lhs.keepAlive == rhs.keepAlive && lhs.expectsContinue == rhs.expectsContinue
    }

    /// The first value of header `name` (lower-case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// Parses a head; errors carry the status to answer (400, 501, 505) and say what is wrong.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(HTTPServerError) -> HTTPRequestHead {
        var lines = HTTPLines(bytes)
        guard let requestLine = lines.next() else { throw .badRequest("empty request") }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte) else {
            throw .badRequest("malformed request line")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let minorVersion: Int
        switch String(decoding: parts[2], as: UTF8.self) {
        case "HTTP/1.1": minorVersion = 1
        case "HTTP/1.0": minorVersion = 0
        case let other where other.hasPrefix("HTTP/"): throw .versionNotSupported(other)
        default: throw .badRequest("malformed request line")
        }
        let (path, query) = try target(parts[1])

        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(12)
        var closeRequested = false
        var keepAliveRequested = false
        var lengths: [String] = []
        var encodings: [String] = []
        while let line = lines.next() {
            guard let first = line.first else { break }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { throw .badRequest("obsolete header line folding") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .badRequest("header line without a colon") }
            let nameBytes = line[line.startIndex..<colon]
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else { throw .badRequest("malformed header name") }
            let valueBytes = trimmed(line[(colon + 1)...])
            guard !valueBytes.contains(where: { $0 < 0x20 && $0 != UInt8(ascii: "\t") || $0 == 0x7F }) else {
                throw .badRequest("control character in header \(String(decoding: nameBytes, as: UTF8.self))")
            }
            let name = lowercased(nameBytes)
            let value = String(decoding: valueBytes, as: UTF8.self)
            switch name {
            case "connection":
                for token in tokens(value) {
                    if token == "close" { closeRequested = true } else if token == "keep-alive" { keepAliveRequested = true }
                }
            case "content-length": lengths.append(value)
            case "transfer-encoding": encodings += tokens(value)
            default: break
            }
            headers.append((name, value))
        }

        var head = HTTPRequestHead(method: method, path: path, query: query, minorVersion: minorVersion, headers: headers,
                                   body: .none, keepAlive: closeRequested ? false : (keepAliveRequested || minorVersion == 1),
                                   expectsContinue: false)
        head.expectsContinue = head.header("expect")?.lowercased() == "100-continue"
        if !encodings.isEmpty {
            guard encodings == ["chunked"] else {
                throw .unsupportedTransferCoding("transfer coding \(encodings.joined(separator: ", ")) (only chunked is understood)")
            }
            head.body = .chunked
            // A length beside chunked is how requests get smuggled past proxies: never reuse the connection.
            if !lengths.isEmpty { head.keepAlive = false }
        } else if let text = lengths.first {
            guard lengths.allSatisfy({ $0 == text }), !text.isEmpty, text.utf8.count <= 18,
                  text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let length = Int(text) else {
                throw .badRequest("invalid Content-Length")
            }
            head.body = length > 0 ? .length(length) : .none
        }
        return head
    }

    /// Origin form (`/path?query`) or absolute form (`http://host/path?query`).
    private static func target(_ bytes: ArraySlice<UInt8>) throws(HTTPServerError) -> (String, String?) {
        var text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty, !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { throw .badRequest("malformed request target") }
        if !text.hasPrefix("/") {
            guard let scheme = text.range(of: "://") else { throw .badRequest("malformed request target") }
            let rest = text[scheme.upperBound...]
            text = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        if let mark = text.firstIndex(of: "?") { return (String(text[..<mark]), String(text[text.index(after: mark)...])) }
        return (text, nil)
    }

    /// A header name in lower case, written straight into the string (short names stay inline).
    static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in bytes.enumerated() {
                buffer[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }

    /// The comma-separated tokens of a header value, lower-cased and trimmed.
    static func tokens(_ value: String) -> [String] {
        value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
        return slice
    }
}

/// The lines of a head, CRLF- or LF-terminated (RFC 9112 lets a server accept a bare LF).
struct HTTPLines: IteratorProtocol {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.endIndex else { return nil }
        let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        var line = bytes[position..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        position = min(end + 1, bytes.endIndex)
        return line
    }
}
