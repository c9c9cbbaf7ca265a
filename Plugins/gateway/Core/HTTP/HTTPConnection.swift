import Foundation

/// One accepted socket, read and written only by the thread serving it: blocking reads with a
/// receive time-out, requests read whole (head, then body), answers written whole.
final class HTTPConnection {
    let fd: Int32
    private let limits: HTTPServer.Limits
    /// Received bytes not yet consumed: `buffer[consumed..<end]`; `buffer` past `end` is room
    /// for the next `recv`. Bytes past one request (a pipelined next request) stay for the next read.
    private var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    private var end = 0
    private var consumed = 0

    init(fd: Int32, limits: HTTPServer.Limits) {
        self.fd = fd
        self.limits = limits
    }

    /// The next request, or nil when the client closed the connection (or stayed silent past the
    /// idle time-out) between requests.
    func readRequest() throws(HTTPServerError) -> (HTTPRequestHead, [UInt8])? {
        guard let headEnd = try readHead() else { return nil }
        let head = try HTTPRequestHead.parse(buffer[consumed..<headEnd.bodyStart - headEnd.terminatorLength])
        consumed = headEnd.bodyStart
        let body: [UInt8]
        switch head.body {
        case .none:
            body = []
        case .length(let length):
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            if head.expectsContinue && end - consumed < length { try sendContinue() }
            body = try take(length)
        case .chunked:
            if head.expectsContinue && end == consumed { try sendContinue() }
            body = try readChunked()
        }
        compact()
        return (head, body)
    }

    /// Writes all of `bytes`; false when the client has gone.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Whether the client has closed its end or the connection failed, without reading any of
    /// what it may have sent (a pipelined request).
    var peerHasClosed: Bool {
        var probe = pollfd(fd: fd, events: Self.pollReadHangUp, revents: 0)
        guard poll(&probe, 1, 0) > 0 else { return false }
        return probe.revents & (Self.pollReadHangUp | Int16(POLLHUP | POLLERR | POLLNVAL)) != 0
    }

    /// Linux's POLLRDHUP (the peer shut down its writing side), which Glibc exports only with
    /// _GNU_SOURCE.
    static let pollReadHangUp: Int16 = 0x2000

    // MARK: Reading

    /// Reads until the buffer holds a whole head: where its body starts and how long the blank
    /// line ending it is; nil on a clean close before the first byte of a request.
    private func readHead() throws(HTTPServerError) -> (bodyStart: Int, terminatorLength: Int)? {
        var scanned = consumed
        while true {
            if let found = Self.headEnd(in: buffer, from: consumed, to: end, scanFrom: scanned) {
                guard found.bodyStart - consumed <= limits.maxHeadBytes else { throw .headTooLarge(limit: limits.maxHeadBytes) }
                return found
            }
            scanned = max(consumed, end - 3)
            guard end - consumed <= limits.maxHeadBytes else { throw .headTooLarge(limit: limits.maxHeadBytes) }
            let idle = end == consumed
            switch fill() {
            case .data: continue
            case .closed: if idle { return nil } else { throw .connectionLost }
            case .timedOut: if idle { return nil } else { throw .timedOut }
            }
        }
    }

    /// The end of the head (CRLF CRLF, or bare LF LF) in `bytes[from..<to]`, scanning from `scanFrom`.
    static func headEnd(in bytes: [UInt8], from: Int, to: Int, scanFrom: Int) -> (bodyStart: Int, terminatorLength: Int)? {
        var index = max(from, scanFrom)
        while index < to {
            guard bytes[index] == UInt8(ascii: "\n") else {
                index += 1
                continue
            }
            if index + 1 < to, bytes[index + 1] == UInt8(ascii: "\n") { return (index + 2, 1) }
            if index + 2 < to, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                return (index + 3, 2)
            }
            index += 1
        }
        return nil
    }

    private func take(_ count: Int) throws(HTTPServerError) -> [UInt8] {
        while end - consumed < count {
            switch fill() {
            case .data: continue
            case .closed: throw .connectionLost
            case .timedOut: throw .timedOut
            }
        }
        let bytes = Array(buffer[consumed..<(consumed + count)])
        consumed += count
        return bytes
    }

    private func readLine(limit: Int) throws(HTTPServerError) -> ArraySlice<UInt8> {
        var scanned = consumed
        while true {
            if let newline = buffer[scanned..<end].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[consumed..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                consumed = newline + 1
                return line
            }
            scanned = end
            guard end - consumed <= limit else { throw .badRequest("chunk line too long") }
            switch fill() {
            case .data: continue
            case .closed: throw .connectionLost
            case .timedOut: throw .timedOut
            }
        }
    }

    /// The size on a chunk's size line (its line end removed): hex digits, extensions after `;`
    /// ignored; nil when malformed. The upstream client reads chunked responses by it too.
    static func chunkSize(_ line: ArraySlice<UInt8>) -> Int? {
        let digits = line.prefix { $0 != UInt8(ascii: ";") }.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self), radix: 16)
    }

    /// A chunked body: hex size lines (extensions ignored), data, CRLF; trailers are dropped.
    private func readChunked() throws(HTTPServerError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let size = Self.chunkSize(try readLine(limit: 1024)) else { throw .badRequest("malformed chunk size") }
            if size == 0 { break }
            guard body.count + size <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            body += try take(size)
            guard try readLine(limit: 2).isEmpty else { throw .badRequest("chunk data longer than its size") }
        }
        var trailerBytes = 0
        while true {
            let trailer = try readLine(limit: limits.maxHeadBytes)
            if trailer.isEmpty { return body }
            trailerBytes += trailer.count
            guard trailerBytes <= limits.maxHeadBytes else { throw .headTooLarge(limit: limits.maxHeadBytes) }
        }
    }

    private func sendContinue() throws(HTTPServerError) {
        guard write(Self.continueLine) else { throw .connectionLost }
    }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private enum Fill { case data, closed, timedOut }

    /// One `recv` into the buffer (the socket's receive time-out bounds the wait).
    private func fill() -> Fill {
        makeRoom()
        var received = 0
        var failure: Int32 = 0
        let room = buffer.count - end
        buffer.withUnsafeMutableBytes { raw in
            repeat {
                received = recv(fd, raw.baseAddress! + end, room, 0)
                failure = received < 0 ? errno : 0
            } while received < 0 && failure == EINTR
        }
        if received > 0 {
            end += received
            return .data
        }
        if received < 0 && (failure == EAGAIN || failure == EWOULDBLOCK) { return .timedOut }
        return .closed
    }

    /// At least 4 KiB free after `end`: consumed bytes are moved out first, then the buffer grows.
    private func makeRoom() {
        guard buffer.count - end < 4096 else { return }
        if consumed > 0 {
            buffer.withUnsafeMutableBytes { raw in
                if end > consumed { memmove(raw.baseAddress!, raw.baseAddress! + consumed, end - consumed) }
            }
            end -= consumed
            consumed = 0
        }
        if buffer.count - end < 4096 { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
    }

    /// Starts the buffer over once a request is consumed; a buffer grown for a large body shrinks back.
    private func compact() {
        guard consumed == end else { return }
        consumed = 0
        end = 0
        if buffer.count > 256 * 1024 { buffer = [UInt8](repeating: 0, count: 16 * 1024) }
    }
}
