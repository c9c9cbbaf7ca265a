import Foundation

/// A plain HTTP/1.1 client (for tests of the daemon and the http plugin) over a loopback socket: one request per connection
/// (`Connection: close`), so every test sees exactly what the server wrote.
public struct HTTPTestClient: Sendable {
    public let port: UInt16

    public init(url: String) {
        port = UInt16(url.split(separator: ":").last.map(String.init) ?? "") ?? 0
    }

    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }

        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HTTPTestError("not a JSON object: \(text)")
            }
            return object
        }
    }

    public func get(_ path: String, token: String? = nil) throws -> Response {
        try request("GET", path, token: token)
    }

    public func post(_ path: String, token: String? = nil, json: String = "{}") throws -> Response {
        try request("POST", path, token: token, body: Array(json.utf8))
    }

    public func request(_ method: String, _ path: String, token: String? = nil, body: [UInt8] = [],
                 contentType: String = "application/json", headers: [(String, String)] = [], timeout: Int = 30) throws -> Response {
        let socket = try connect(timeout: timeout)
        defer { close(socket) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        try write(socket, Array((head + "\r\n").utf8) + body)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw HTTPTestError("read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            received += chunk[0..<count]
        }
        return try Self.parse(received)
    }

    /// Opens a connection; a refused connection throws `HTTPTestError.refused`.
    public func connect(timeout: Int = 30) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let refused = errno == ECONNREFUSED
            close(socket)
            throw refused ? HTTPTestError.refused : HTTPTestError("connect failed: \(String(cString: strerror(errno)))")
        }
        return socket
    }

    public func write(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(socket, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw HTTPTestError("write failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw HTTPTestError("no complete response head in \(raw.count) bytes: \(String(decoding: raw, as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPTestError("bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        if let length = headers["content-length"].flatMap(Int.init), body.count != length {
            throw HTTPTestError("response cut: content-length \(length) but \(body.count) bytes arrived")
        }
        return Response(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: 13) else { break }
            let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd + 2
            out += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return out
    }
}

public struct HTTPTestError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
    public static let refused = HTTPTestError("connection refused")
}

/// Reads a `text/event-stream` response on a background thread; tests wait for text to appear.
public final class EventStreamReader: @unchecked Sendable {
    private let socket: Int32
    private let lock = NSLock()
    private var received = ""
    private let done = DispatchSemaphore(value: 0)

    public init(client: HTTPTestClient, path: String, token: String) throws {
        socket = try client.connect(timeout: 60)
        try client.write(socket, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8))
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress!, $0.count) }
                if count <= 0 { break }
                lock.withLock { received += String(decoding: chunk[0..<count], as: UTF8.self) }
            }
            done.signal()
        }
    }

    public var text: String { lock.withLock { received } }

    public func waitFor(_ needle: String, timeout: TimeInterval = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    public func close() {
        shutdown(socket, Int32(SHUT_RDWR))
        done.wait()
        Glibc.close(socket)
    }
}
