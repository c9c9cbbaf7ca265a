import AIPConfig
import AIPluginKit
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The gateway's own HTTP listener, opt-in (`listen`): the same endpoints as its routes on the
/// daemon's http plugin, answered by the same `GatewayEndpoints`, on a port of its own (for a
/// deployment that wants the gateway apart from the admin API). Run with `ServiceGroup.run()`
/// and no signal handlers: the daemon owns the process's signals.
final class GatewayListener: Sendable {
    private let plugin: GatewayPlugin
    private let context: PluginContext
    private let host: String
    private let port: Int
    private let running = Mutex<(group: ServiceGroup, finished: DispatchSemaphore)?>(nil)
    static let maxBodyBytes = 16 << 20

    init(plugin: GatewayPlugin, context: PluginContext, host: String, port: Int) {
        self.plugin = plugin
        self.context = context
        self.host = host
        self.port = port
    }

    func start() throws -> String {
        var logger = Logger(label: "gateway") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        let router = Router()
        let endpoints = GatewayEndpoints(plugin: plugin)
        for route in GatewayEndpoints.routes {
            router.on(RouterPath(route.path), method: HTTPRequest.Method(route.method) ?? .post) { request, _ in
                await Self.serve(route.endpoint, request, endpoints: endpoints)
            }
        }
        router.get("/healthz") { _, _ in Self.response(.json(200, .object(["status": "ok"]))) }
        let bound = DispatchSemaphore(value: 0)
        let boundPort = Mutex<Int?>(nil)
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "aip-gateway"),
                              onServerRunning: { channel in
                                  boundPort.withLock { $0 = channel.localAddress?.port }
                                  bound.signal()
                              }, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        let failure = Mutex<String?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await group.run() } catch { failure.withLock { $0 = "\(error)" } }
            bound.signal()
            finished.signal()
        }
        guard bound.wait(timeout: .now() + 30) == .success, let actual = boundPort.withLock({ $0 }) else {
            throw PluginError(.unavailable, "gateway cannot listen on \(host):\(port): \(failure.withLock { $0 } ?? "the server did not start within 30 s")")
        }
        running.withLock { $0 = (group, finished) }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(actual)"
    }

    func stop() {
        guard let current = running.withLock({ state -> (group: ServiceGroup, finished: DispatchSemaphore)? in
            defer { state = nil }
            return state
        }) else { return }
        Task.detached { await current.group.triggerGracefulShutdown() }
        if current.finished.wait(timeout: .now() + 10) == .timedOut {
            context.log(.warning, "gateway listener: requests still in flight after 10 s; closing their connections")
        }
    }

    // MARK: Handlers

    static func serve(_ endpoint: GatewayEndpoints.Endpoint, _ request: Request, endpoints: GatewayEndpoints) async -> Response {
        var request = request
        let prepared: GatewayEndpoints.Prepared
        do throws(GatewayError) {
            guard let buffer = try? await request.collectBody(upTo: maxBodyBytes) else {
                throw GatewayError(status: 413, type: "invalid_request_error", code: "request_too_large", message: "the body exceeds \(maxBodyBytes) bytes")
            }
            let secret = GatewayEndpoints.secret(authorization: request.headers[.authorization], apiKey: request.headers[HTTPField.Name("x-api-key")!])
            prepared = try endpoints.prepare(endpoint, secret: secret, body: Array(buffer.readableBytesView))
        } catch {
            return response(GatewayEndpoints.error(error, anthropic: endpoint.anthropic))
        }
        guard case .chat(let chat, let caller, let anthropic) = prepared, chat.stream else {
            let answer = await Blocking.run { () throws(GatewayError) -> GatewayEndpoints.Answer in endpoints.answer(prepared) }
            switch answer {
            case .success(let answer): return response(answer)
            case .failure(let error): return response(GatewayEndpoints.error(error, anthropic: endpoint.anthropic))
            }
        }
        let bridge = StreamBridge()
        Blocking.start {
            do throws(GatewayError) {
                try endpoints.stream(chat, caller: caller, anthropic: anthropic, into: bridge)
                bridge.end(nil)
            } catch {
                bridge.end(error)
            }
        }
        // The status is decided by the first event: an error before any chunk is a plain error reply.
        let first = await bridge.next()
        switch first {
        case .failed(let error)?: return response(GatewayEndpoints.error(error, anthropic: anthropic))
        case nil: return response(GatewayEndpoints.error(.internal("the stream ended before it started"), anthropic: anthropic))
        case .bytes(let bytes)?:
            return Response(status: .ok, headers: fields(GatewayEndpoints.streamHeaders), body: ResponseBody { writer in
                // While guardrails hold text back or the upstream is slow nothing is written, and a
                // client that left would go unnoticed: a comment line every half second finds out.
                let beats = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(500))
                        bridge.heartbeat(idleMs: 450)
                    }
                }
                defer { beats.cancel() }
                do {
                    try await writer.write(ByteBuffer(bytes: bytes))
                    while let event = await bridge.next() {
                        guard case .bytes(let more) = event else { break }
                        try await writer.write(ByteBuffer(bytes: more))
                    }
                    try await writer.finish(nil)
                } catch {
                    bridge.close()
                    throw error
                }
            })
        }
    }

    static func response(_ answer: GatewayEndpoints.Answer) -> Response {
        Response(status: .init(code: answer.status), headers: fields(answer.headers), body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static func fields(_ headers: [(name: String, value: String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return fields
    }
}

/// Hands a stream from the thread running the engine to the task writing the response, and
/// tells the engine when the client has gone.
final class StreamBridge: ChatStreamSink, Sendable {
    enum Event: Sendable {
        case bytes([UInt8])
        case failed(GatewayError)
    }

    private let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let closed = Atomic<Bool>(false)
    private let reader: Reader

    /// The stream's one iterator. Reads happen one after another (the handler reads the first
    /// event, then the response body task the rest), never at once, so it needs no lock.
    private final class Reader: @unchecked Sendable {
        var iterator: AsyncStream<Event>.Iterator
        init(_ iterator: AsyncStream<Event>.Iterator) { self.iterator = iterator }
    }

    init() {
        (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        reader = Reader(stream.makeAsyncIterator())
    }

    private let lastWriteMs = Atomic<Int64>(0)

    func write(_ bytes: [UInt8]) -> Bool {
        guard !closed.load(ordering: .acquiring) else { return false }
        lastWriteMs.store(Router.monotonicMs(), ordering: .relaxed)
        continuation.yield(.bytes(bytes))
        return true
    }

    /// An SSE comment (ignored by clients) when nothing was written for `idleMs`.
    func heartbeat(idleMs: Int64) {
        guard Router.monotonicMs() - lastWriteMs.load(ordering: .relaxed) >= idleMs else { return }
        _ = write(Self.comment)
    }

    static let comment: [UInt8] = Array(": keep-alive\n\n".utf8)

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    func close() {
        closed.store(true, ordering: .releasing)
        continuation.finish()
    }

    func end(_ error: GatewayError?) {
        if let error { continuation.yield(.failed(error)) }
        continuation.finish()
    }

    /// The next event; one reader at a time.
    func next() async -> Event? {
        await reader.iterator.next()
    }
}

/// Runs the engine's blocking work (curl transfers, capability calls) off the cooperative pool,
/// which has one thread per core: non-streamed requests on a fixed pool of threads, each stream
/// on a thread of its own (a stream may last minutes and must not hold up short requests).
enum Blocking {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 64)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws(GatewayError) -> T) async -> Result<T, GatewayError> {
        do {
            return try await pool.runIfActive { () -> Result<T, GatewayError> in
                do throws(GatewayError) { return .success(try work()) } catch { return .failure(error) }
            }
        } catch {
            return .failure(GatewayError(status: 503, type: "api_error", code: "shutting_down", message: "the gateway is stopping"))
        }
    }

    static func start(_ work: @escaping @Sendable () -> Void) {
        Thread.detachNewThread(work)
    }
}
