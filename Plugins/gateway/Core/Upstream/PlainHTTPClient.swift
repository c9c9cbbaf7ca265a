import AIPLocking
import Glibc

/// HTTP/1.1 POSTs to `http://` upstreams (local model servers, a sidecar, the benchmark's
/// fixture) on our own non-blocking sockets, kept alive in a pool per host and port.
///
/// libcurl spent about 33 µs of CPU on each such request (handle reset, options, its multi
/// machinery, header generation and parsing, several `poll`s) where this client needs a `send`,
/// a `poll` and a `recv`. `https://`, user info in the URL and proxies configured in the
/// environment stay with libcurl (`UpstreamClient`).
final class PlainHTTPClient: Sendable {
    private let idle = Locked<[PlainHTTPTarget: [Int32]]>([:])
    private let maxIdlePerTarget: Int
    private let connectTimeoutMs: Int

    init(maxIdlePerTarget: Int, connectTimeoutMs: Int) {
        self.maxIdlePerTarget = maxIdlePerTarget
        self.connectTimeoutMs = connectTimeoutMs
    }

    deinit {
        for fds in idle.withLock({ $0.values }) {
            for fd in fds { _ = close(fd) }
        }
    }

    /// Same contract as `UpstreamClient.send`.
    func send(_ target: PlainHTTPTarget, _ request: UpstreamRequest, timeoutMs: Int, idleTimeoutMs: Int?,
              cancelled: (@Sendable () -> Bool)?, onData: ((UnsafeRawBufferPointer) -> Bool)?) -> Result<UpstreamClient.Response, UpstreamClient.TransportError> {
        let deadline = Router.monotonicMs() + Int64(max(timeoutMs, 1))
        let bytes = Self.requestBytes(target, request)
        while true {
            let pooled = idle.withLock { $0[target]?.popLast() }
            let socket: UpstreamSocket
            if let pooled {
                socket = UpstreamSocket.adopt(pooled)
            } else {
                let connectDeadline = min(deadline, Router.monotonicMs() + Int64(max(connectTimeoutMs, 1)))
                switch UpstreamSocket.connect(host: target.host, port: target.port, deadline: connectDeadline) {
                case .success(let fresh): socket = fresh
                case .failure(let error): return .failure(error)
                }
            }
            if let error = socket.send(bytes, until: deadline) {
                socket.close()
                // A kept-alive connection the upstream has closed meanwhile: once more on a new one.
                if pooled != nil, case .failed = error { continue }
                return .failure(error)
            }
            var exchange = UpstreamExchange(socket: socket, deadline: deadline, timeoutMs: timeoutMs,
                                            idleTimeoutMs: idleTimeoutMs.map(Int64.init), cancelled: cancelled, onData: onData)
            let outcome = exchange.run()
            if case .failure(.closedBeforeAnswer) = outcome, pooled != nil {
                socket.close()
                continue
            }
            switch outcome {
            case .success(let response):
                if exchange.reusable { keep(socket.fd, for: target) } else { socket.close() }
                return .success(response)
            case .failure(let stop):
                socket.close()
                return .failure(stop.transportError)
            }
        }
    }

    private func keep(_ fd: Int32, for target: PlainHTTPTarget) {
        let kept = idle.withLock { pool -> Bool in
            guard pool[target, default: []].count < maxIdlePerTarget else { return false }
            pool[target, default: []].append(fd)
            return true
        }
        if !kept { _ = close(fd) }
    }

    /// The request line, `Host`, the caller's headers (less any framing headers, which are ours
    /// to set) and the body.
    static func requestBytes(_ target: PlainHTTPTarget, _ request: UpstreamRequest) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + request.body.count + request.headers.reduce(0) { $0 + $1.utf8.count + 2 })
        bytes += "POST ".utf8
        bytes += target.path.utf8
        bytes += " HTTP/1.1\r\nHost: ".utf8
        bytes += target.hostHeader.utf8
        bytes += "\r\n".utf8
        for header in request.headers where !isFramingHeader(header) {
            bytes += header.utf8
            bytes += "\r\n".utf8
        }
        bytes += "Content-Length: ".utf8
        bytes += String(request.body.count).utf8
        bytes += "\r\n\r\n".utf8
        bytes += request.body
        return bytes
    }

    private static let framingHeaders = ["host", "content-length", "transfer-encoding", "connection", "expect"].map { Array($0.utf8) }

    private static func isFramingHeader(_ header: String) -> Bool {
        let name = header.utf8.prefix { $0 != UInt8(ascii: ":") }
        return framingHeaders.contains { known in
            known.count == name.count && zip(known, name).allSatisfy { $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }
        }
    }
}
