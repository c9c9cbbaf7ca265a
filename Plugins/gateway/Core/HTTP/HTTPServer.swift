import Foundation
import AIPLocking

/// A small HTTP/1.1 server with a thread per connection and blocking sockets, for the gateway's
/// own listener. The gateway's work blocks (libcurl transfers, capability calls), so each request
/// runs whole on its connection's thread: read, handle, write, with no hand-off between an event
/// loop, an async executor and a pool of blocking threads (which cost the NIO listener about
/// 400 µs a request at one connection). Keep-alive, pipelining, `Expect: 100-continue`, chunked
/// request bodies and chunked streamed responses; limits on heads, bodies, idle time and the
/// number of connections.
public final class HTTPServer: Sendable {
    public struct Limits: Sendable {
        public var maxHeadBytes = 64 * 1024
        public var maxBodyBytes = 16 << 20
        /// How long a connection may stay silent between requests, or within one.
        public var idleTimeoutSeconds = 60
        /// Connections served at once; one more is answered 503 and closed.
        public var maxConnections = 1024

        public init() {}
    }

    /// One request: its head and whole body.
    public struct Request: Sendable {
        public let head: HTTPRequestHead
        public let body: [UInt8]
    }

    /// Called on the connection's thread; answers through the responder (a handler that does not
    /// answer gets a 500).
    public typealias Handler = @Sendable (Request, HTTPResponder) -> Void

    private let host: String
    private let port: Int
    private let limits: Limits
    private let handler: Handler
    private let state = Locked(State())

    private struct State {
        var listener: Int32 = -1
        var stopping = false
        var acceptorRunning = false
        /// Open connections: whether each is inside a request (busy) or waiting for one.
        var connections: [Int32: Bool] = [:]
    }

    public init(host: String, port: Int, limits: Limits = Limits(), handler: @escaping Handler) {
        self.host = host
        self.port = port
        self.limits = limits
        self.handler = handler
    }

    /// Binds and starts accepting; returns the bound port (the one chosen when `port` is 0).
    public func start() throws(HTTPServerError) -> Int {
        let (fd, bound) = try Self.listen(host: host, port: port)
        state.withLock {
            $0.listener = fd
            $0.acceptorRunning = true
        }
        let acceptor = Thread { [self] in acceptLoop(fd) }
        acceptor.name = "gateway-accept"
        acceptor.start()
        return bound
    }

    /// Stops accepting, closes idle connections, waits up to `graceSeconds` for requests in flight
    /// to finish and then cuts the connections still open. Returns whether all finished in time.
    @discardableResult
    public func stop(graceSeconds: Double = 10) -> Bool {
        let (listener, idle) = state.withLock { state -> (Int32, [Int32]) in
            state.stopping = true
            let listener = state.listener
            state.listener = -1
            return (listener, state.connections.filter { !$0.value }.map(\.key))
        }
        if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) }
        // A thread blocked reading the next request wakes up to an end of stream and closes.
        for fd in idle { shutdown(fd, Int32(SHUT_RD)) }
        let deadline = Date().addingTimeInterval(graceSeconds)
        while Date() < deadline {
            if state.withLock({ $0.connections.isEmpty && !$0.acceptorRunning }) { return true }
            usleep(5_000)
        }
        for fd in state.withLock({ Array($0.connections.keys) }) { shutdown(fd, Int32(SHUT_RDWR)) }
        return false
    }

    /// Connections open now (for metrics and tests).
    public var openConnections: Int { state.withLock { $0.connections.count } }

    // MARK: Accepting

    private func acceptLoop(_ listener: Int32) {
        defer {
            close(listener)
            state.withLock { $0.acceptorRunning = false }
        }
        while true {
            let fd = accept(listener, nil, nil)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if state.withLock({ $0.stopping }) { return }
                // Out of descriptors or memory: wait rather than spin, then try again.
                usleep(10_000)
                continue
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.connections.count < limits.maxConnections else { return false }
                state.connections[fd] = false
                return true
            }
            configure(fd)
            guard admitted else {
                refuse(fd)
                continue
            }
            let thread = Thread { [self] in serve(fd) }
            thread.name = "gateway-conn"
            thread.start()
        }
    }

    private func configure(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: limits.idleTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Over the connection limit (or stopping): a 503 and the door closed.
    private func refuse(_ fd: Int32) {
        let body = Array(#"{"error":{"message":"the gateway is serving its maximum number of connections","type":"api_error","param":null,"code":"overloaded"}}"#.utf8)
        var bytes = HTTPResponder.statusAndHeaders(status: 503, headers: [("Content-Type", "application/json"), ("Retry-After", "1")],
                                                   keepAlive: false, minorVersion: 1)
        bytes += "Content-Length: \(body.count)\r\n\r\n".utf8 + body
        HTTPConnection(fd: fd, limits: limits).write(bytes)
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    // MARK: Serving a connection

    private func serve(_ fd: Int32) {
        let connection = HTTPConnection(fd: fd, limits: limits)
        defer {
            state.withLock { _ = $0.connections.removeValue(forKey: fd) }
            close(fd)
        }
        while true {
            let request: (HTTPRequestHead, [UInt8])?
            do throws(HTTPServerError) {
                request = try connection.readRequest()
            } catch {
                answer(error, on: connection)
                return
            }
            guard let (head, body) = request else { return }
            let proceed = state.withLock { state -> Bool in
                guard !state.stopping else { return false }
                state.connections[fd] = true
                return true
            }
            let responder = HTTPResponder(connection: connection, head: head, keepAlive: head.keepAlive && proceed) { [self] in
                state.withLock { $0.stopping }
            }
            if proceed {
                handler(Request(head: head, body: body), responder)
                responder.finish()
            }
            if !responder.answered {
                responder.respond(status: proceed ? 500 : 503, headers: [("Content-Type", "application/json")],
                                  body: Self.errorBody(proceed ? "the request was not answered" : "the gateway is stopping", type: "api_error"))
            }
            let again = state.withLock { state -> Bool in
                state.connections[fd] = false
                return !state.stopping
            }
            guard again, responder.keepAlive, responder.connectionUsable else { return }
        }
    }

    /// A request that could not be read: its status (when the client can still hear it), then close.
    private func answer(_ error: HTTPServerError, on connection: HTTPConnection) {
        guard let status = error.status else { return }
        let head = HTTPRequestHead(method: "GET", path: "/", query: nil, minorVersion: 1, headers: [], body: .none, keepAlive: false,
                                   expectsContinue: false)
        HTTPResponder(connection: connection, head: head, keepAlive: false)
            .respond(status: status, headers: [("Content-Type", "application/json")], body: Self.errorBody(error.message, type: "invalid_request_error"))
        // Let the answer reach the client before the close resets the connection over unread bytes.
        shutdown(connection.fd, Int32(SHUT_WR))
    }

    /// OpenAI's error shape, for what the server answers itself.
    static func errorBody(_ message: String, type: String) -> [UInt8] {
        var escaped = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return Array(#"{"error":{"message":"\#(escaped)","type":"\#(type)","param":null,"code":null}}"#.utf8)
    }

    // MARK: Listening socket

    private static func listen(host: String, port: Int) throws(HTTPServerError) -> (Int32, Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(host, String(port), &hints, &found)
        guard lookup == 0, let first = found else {
            throw .cannotListen("cannot resolve listen host '\(host)': \(String(cString: gai_strerror(lookup)))")
        }
        defer { freeaddrinfo(found) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0, Glibc.listen(fd, 1024) == 0 else {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let bound = withUnsafeMutablePointer(to: &storage) { pointer -> Int in
                _ = pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                if pointer.pointee.ss_family == sa_family_t(AF_INET6) {
                    return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
                }
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
            return (fd, bound)
        }
        throw .cannotListen("cannot listen on \(host):\(port): \(lastError)")
    }
}
