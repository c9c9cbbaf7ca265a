import Foundation

/// A non-blocking TCP connection to an upstream, with every wait bounded by a deadline
/// (milliseconds on `Router.monotonicMs`'s clock) and the bytes read but not yet consumed.
final class UpstreamSocket {
    enum Wait: Equatable {
        case ready
        /// The deadline passed.
        case expired
        /// `poll` failed; the reason.
        case failed(String)
    }

    let fd: Int32
    /// Bytes read from the socket: `buffer[consumed..<end]` are not consumed yet.
    private(set) var buffer = UpstreamSocket.uninitialized(16 * 1024)
    private(set) var end = 0
    var consumed = 0

    /// Bytes that are written before they are read: no need to zero 16 KiB for every request.
    private static func uninitialized(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Adopts a kept-alive connection from the pool.
    static func adopt(_ fd: Int32) -> UpstreamSocket { UpstreamSocket(fd: fd) }

    func close() { _ = Glibc.close(fd) }

    var unconsumed: Int { end - consumed }

    /// Connects to `host:port`, trying each address `getaddrinfo` gives, each within `deadline`.
    static func connect(host: String, port: Int, deadline: Int64) -> Result<UpstreamSocket, UpstreamClient.TransportError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(host, String(port), &hints, &found)
        guard lookup == 0, let first = found else {
            return .failure(.failed("cannot resolve host '\(host)': \(String(cString: gai_strerror(lookup)))"))
        }
        defer { freeaddrinfo(found) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                            address.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            let socket = UpstreamSocket(fd: fd)
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else {
                    lastError = String(cString: strerror(errno))
                    socket.close()
                    continue
                }
                switch socket.wait(for: Int16(POLLOUT), until: deadline) {
                case .ready: break
                case .expired:
                    socket.close()
                    return .failure(.timeout("connecting to \(host):\(port) timed out"))
                case .failed(let reason):
                    lastError = reason
                    socket.close()
                    continue
                }
                var problem: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &problem, &length)
                guard problem == 0 else {
                    lastError = String(cString: strerror(problem))
                    socket.close()
                    continue
                }
            }
            var on: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            return .success(socket)
        }
        return .failure(.failed("cannot connect to \(host):\(port): \(lastError)"))
    }

    /// Waits until the socket is ready for `events` or `deadline` passes.
    func wait(for events: Int16, until deadline: Int64) -> Wait {
        while true {
            let remaining = deadline - Router.monotonicMs()
            guard remaining > 0 else { return .expired }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let result = poll(&entry, 1, Int32(min(remaining, Int64(Int32.max))))
            if result > 0 { return .ready }
            if result == 0 { continue }
            if errno == EINTR { continue }
            return .failed(String(cString: strerror(errno)))
        }
    }

    /// Sends all of `bytes`; nil when sent, else what went wrong.
    func send(_ bytes: [UInt8], until deadline: Int64) -> UpstreamClient.TransportError? {
        var offset = 0
        return bytes.withUnsafeBytes { raw -> UpstreamClient.TransportError? in
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent > 0 {
                    offset += sent
                    continue
                }
                if sent < 0, errno == EINTR { continue }
                if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    switch wait(for: Int16(POLLOUT), until: deadline) {
                    case .ready: continue
                    case .expired: return .timeout("sending the request timed out")
                    case .failed(let reason): return .failed("sending the request failed: \(reason)")
                    }
                }
                return .failed("sending the request failed: \(String(cString: strerror(errno)))")
            }
            return nil
        }
    }

    enum Read: Equatable {
        /// This many new bytes are in the buffer.
        case bytes(Int)
        /// The upstream closed the connection.
        case closed
        /// Nothing arrived before the wake-up time.
        case idle
        case failed(String)
    }

    /// Reads what is available into the buffer, waiting until `wake` at the latest.
    func read(until wake: Int64) -> Read {
        if consumed == end {
            consumed = 0
            end = 0
        } else if end == buffer.count {
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + consumed, end - consumed)
                }
                end -= consumed
                consumed = 0
            } else {
                // A head or line longer than the buffer (the readers bound them).
                var grown = Self.uninitialized(buffer.count * 2)
                grown.withUnsafeMutableBytes { target in
                    buffer.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
                }
                buffer = grown
            }
        }
        while true {
            switch wait(for: Int16(POLLIN), until: wake) {
            case .ready: break
            case .expired: return .idle
            case .failed(let reason): return .failed(reason)
            }
            let space = buffer.count - end
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + end, space, 0) }
            if received > 0 {
                end += received
                return .bytes(received)
            }
            if received == 0 { return .closed }
            if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
            if errno == ECONNRESET { return .closed }
            return .failed(String(cString: strerror(errno)))
        }
    }
}
