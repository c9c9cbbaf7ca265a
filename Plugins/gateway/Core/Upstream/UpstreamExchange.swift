/// Reads one HTTP/1.1 response from an upstream socket: the head (skipping interim 1xx heads),
/// then a body framed by `Content-Length`, chunked coding or the connection's close. A 2xx body
/// goes to `onData` as it arrives when the caller streams; any other body is collected.
struct UpstreamExchange {
    enum Stop: Error, Equatable {
        /// The connection closed before a byte of the response (a kept-alive connection the
        /// upstream had dropped: the caller tries a new one).
        case closedBeforeAnswer
        case cancelled
        case timeout(String)
        case failed(String)

        var transportError: UpstreamClient.TransportError {
            switch self {
            case .closedBeforeAnswer: return .failed("the upstream closed the connection without answering")
            case .cancelled: return .cancelled
            case .timeout(let message): return .timeout(message)
            case .failed(let message): return .failed(message)
            }
        }
    }

    private enum Framing {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    let socket: UpstreamSocket
    let deadline: Int64
    let timeoutMs: Int
    let idleTimeoutMs: Int64?
    let cancelled: (@Sendable () -> Bool)?
    let onData: ((UnsafeRawBufferPointer) -> Bool)?

    private var status = 0
    private var retryAfter: Double?
    private var keepAlive = true
    private var body: [UInt8] = []
    private var receivedAny = false
    private var lastByteMs = Router.monotonicMs()
    /// Whether the connection may carry another request (the whole response was read, nothing more).
    private(set) var reusable = false

    init(socket: UpstreamSocket, deadline: Int64, timeoutMs: Int, idleTimeoutMs: Int64?, cancelled: (@Sendable () -> Bool)?,
         onData: ((UnsafeRawBufferPointer) -> Bool)?) {
        self.socket = socket
        self.deadline = deadline
        self.timeoutMs = timeoutMs
        self.idleTimeoutMs = idleTimeoutMs
        self.cancelled = cancelled
        self.onData = onData
    }

    private static let maxHeadBytes = 64 * 1024

    mutating func run() -> Result<UpstreamClient.Response, Stop> {
        do throws(Stop) {
            var framing: Framing
            repeat {
                framing = try readHead()
            } while (100..<200).contains(status)
            switch framing {
            case .none: break
            case .length(let length): try readBody(length: length)
            case .chunked: try readChunkedBody()
            case .untilClose: try readUntilClose()
            }
            reusable = keepAlive && socket.unconsumed == 0
            return .success(UpstreamClient.Response(status: status, body: body, retryAfterSeconds: retryAfter))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Reading

    /// More bytes into the socket's buffer, or why there are none.
    private mutating func fill() throws(Stop) {
        while true {
            if cancelled?() == true { throw .cancelled }
            var wake = deadline
            if let idleTimeoutMs { wake = min(wake, lastByteMs + idleTimeoutMs) }
            // The client may leave while the upstream is silent: look at least four times a second.
            if cancelled != nil { wake = min(wake, Router.monotonicMs() + 250) }
            switch socket.read(until: wake) {
            case .bytes:
                receivedAny = true
                lastByteMs = Router.monotonicMs()
                return
            case .closed:
                throw receivedAny ? .failed("the upstream closed the connection before the response ended") : .closedBeforeAnswer
            case .failed(let reason):
                throw .failed("reading the response failed: \(reason)")
            case .idle:
                let now = Router.monotonicMs()
                if now >= deadline { throw .timeout("timed out after \(timeoutMs) ms") }
                if let idleTimeoutMs, now - lastByteMs >= idleTimeoutMs { throw .timeout("no data for \(idleTimeoutMs) ms") }
            }
        }
    }

    /// The index just past the next line feed in the unconsumed bytes, reading more as needed.
    private mutating func lineEnd(limit: Int, what: String) throws(Stop) -> Int {
        // Scanned from the start after every read: a read may move the unconsumed bytes.
        while true {
            let end = socket.end
            if let newline = socket.buffer[socket.consumed..<end].firstIndex(of: UInt8(ascii: "\n")) { return newline + 1 }
            guard end - socket.consumed <= limit else { throw .failed("malformed response from the upstream: \(what) too long") }
            try fill()
        }
    }

    /// The status line and headers; returns how the body is framed.
    private mutating func readHead() throws(Stop) -> Framing {
        var headEnd: (bodyStart: Int, terminatorLength: Int)?
        while true {
            // From the start after every read: a read may move the unconsumed bytes.
            headEnd = HTTPConnection.headEnd(in: socket.buffer, from: socket.consumed, to: socket.end, scanFrom: socket.consumed)
            if headEnd != nil { break }
            guard socket.unconsumed <= Self.maxHeadBytes else { throw .failed("malformed response from the upstream: head over 64 KiB") }
            try fill()
        }
        guard let headEnd else { throw .failed("malformed response from the upstream") }
        let head = socket.buffer[socket.consumed..<headEnd.bodyStart]
        socket.consumed = headEnd.bodyStart
        return try parseHead(head)
    }

    private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(Stop) -> Framing {
        var lines = HTTPLines(head)
        guard let statusLine = lines.next(), statusLine.starts(with: "HTTP/1.".utf8), statusLine.count >= 12,
              let minor = Self.digit(statusLine[statusLine.startIndex + 7]),
              statusLine[statusLine.startIndex + 8] == UInt8(ascii: " ") else {
            let shown = String(decoding: head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }.prefix(60), as: UTF8.self)
            throw .failed("malformed response from the upstream: status line '\(shown)'")
        }
        var code = 0
        for byte in statusLine[(statusLine.startIndex + 9)..<(statusLine.startIndex + 12)] {
            guard let digit = Self.digit(byte) else { throw .failed("malformed response from the upstream: no status code") }
            code = code * 10 + digit
        }
        status = code
        retryAfter = nil
        keepAlive = minor >= 1
        var length: Int?
        var chunked = false
        while let line = lines.next(), !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let value = String(decoding: HTTPRequestHead.trimmed(line[(colon + 1)...]), as: UTF8.self)
            switch HTTPRequestHead.lowercased(line[line.startIndex..<colon]) {
            case "content-length":
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ Self.digit($0) != nil }),
                      let parsed = Int(value), length == nil || length == parsed else {
                    throw .failed("malformed response from the upstream: Content-Length '\(value.prefix(30))'")
                }
                length = parsed
            case "transfer-encoding":
                chunked = HTTPRequestHead.tokens(value).last == "chunked"
            case "connection":
                for token in HTTPRequestHead.tokens(value) {
                    if token == "close" { keepAlive = false }
                    if token == "keep-alive" { keepAlive = true }
                }
            case "retry-after":
                retryAfter = Double(value)
            default:
                break
            }
        }
        if (100..<200).contains(code) || code == 204 || code == 304 { return .none }
        if chunked { return .chunked }
        if let length { return length == 0 ? .none : .length(length) }
        keepAlive = false
        return .untilClose
    }

    /// Hands `count` unconsumed bytes to the caller (a streamed 2xx) or keeps them.
    private mutating func deliver(_ count: Int) throws(Stop) {
        let start = socket.consumed
        socket.consumed += count
        if let onData, (200..<300).contains(status) {
            if cancelled?() == true { throw .cancelled }
            let accepted = socket.buffer.withUnsafeBytes { onData(UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
            if !accepted { throw .cancelled }
        } else {
            body.append(contentsOf: socket.buffer[start..<(start + count)])
        }
    }

    private mutating func readBody(length: Int) throws(Stop) {
        var remaining = length
        while remaining > 0 {
            if socket.unconsumed == 0 { try fill() }
            let take = min(remaining, socket.unconsumed)
            try deliver(take)
            remaining -= take
        }
    }

    private mutating func readUntilClose() throws(Stop) {
        while true {
            if socket.unconsumed > 0 { try deliver(socket.unconsumed) }
            do throws(Stop) {
                try fill()
            } catch .failed(let message) where message.hasPrefix("the upstream closed") {
                return
            } catch .closedBeforeAnswer {
                return
            }
        }
    }

    private mutating func readChunkedBody() throws(Stop) {
        while true {
            let sizeEnd = try lineEnd(limit: 1024, what: "chunk size line")
            let line = Self.withoutLineEnd(socket.buffer[socket.consumed..<sizeEnd])
            socket.consumed = sizeEnd
            guard let size = HTTPConnection.chunkSize(line) else {
                let shown = String(decoding: HTTPRequestHead.trimmed(line.prefix { $0 != UInt8(ascii: ";") }).prefix(20), as: UTF8.self)
                throw .failed("malformed response from the upstream: chunk size '\(shown)'")
            }
            if size == 0 {
                // Trailers, up to the empty line.
                var trailerBytes = 0
                while true {
                    let end = try lineEnd(limit: Self.maxHeadBytes, what: "trailer")
                    let trailer = Self.withoutLineEnd(socket.buffer[socket.consumed..<end])
                    trailerBytes += end - socket.consumed
                    socket.consumed = end
                    if trailer.isEmpty { return }
                    guard trailerBytes <= Self.maxHeadBytes else { throw .failed("malformed response from the upstream: trailers over 64 KiB") }
                }
            }
            try readBody(length: size)
            let end = try lineEnd(limit: 2, what: "chunk end")
            guard Self.withoutLineEnd(socket.buffer[socket.consumed..<end]).isEmpty else {
                throw .failed("malformed response from the upstream: no line end after a chunk")
            }
            socket.consumed = end
        }
    }

    // MARK: Bytes

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// A line read through `lineEnd`, without its LF or CRLF.
    private static func withoutLineEnd(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return line
    }
}
