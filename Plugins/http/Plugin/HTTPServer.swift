import AIPLocking
import AIPluginKit
import Foundation
import HTTPCore
import Hummingbird
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The Hummingbird application and everything requests share: tokens, routes, counters, the
/// threads that run capability calls. Run with `ServiceGroup.run()` and no signal handling: the
/// daemon owns the process's signals (see SWIFT-DLOPEN-FACTS: `runService()` would install them).
final class HTTPServer: Sendable {
    let context: PluginContext
    let routes = Locked(RouteTable())
    let tokens: Locked<TokenVerifier>
    let settings: Locked<HTTPSettings>
    let requestCounts = Locked<[Int: UInt64]>([:])
    let streams = EventStreams()
    /// Which capability calls may run on the request's own thread.
    let placement = CallPlacement()
    /// Capability calls may block (an isolated plugin, a slow one): they run here, never on the
    /// cooperative pool, which has one thread per core.
    let pool: NIOThreadPool
    /// Handlers of streaming routes run for as long as their response: threads of their own, so
    /// that long streams never starve ordinary calls.
    let streamPool: NIOThreadPool
    let responseStreams = ResponseStreams()
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        let group: ServiceGroup
        let finished: DispatchSemaphore
    }

    init(context: PluginContext, settings: HTTPSettings) {
        self.context = context
        self.settings = Locked(settings)
        tokens = Locked(TokenVerifier(TokenStore(settings.tokens)))
        pool = NIOThreadPool(numberOfThreads: settings.callThreads)
        streamPool = NIOThreadPool(numberOfThreads: settings.streamThreads)
    }

    func reconfigure(_ new: HTTPSettings) {
        settings.withLock { $0 = new }
        tokens.withLock { $0 = TokenVerifier(TokenStore(new.tokens)) }
    }

    /// Reads `host.plugins.list` on the pool and tells `placement` which capabilities are
    /// in-process and thread-safe.
    func refreshPlacement() {
        let context = context
        let placement = placement
        pool.submit { state in
            guard case .active = state else { return placement.refreshFailed() }
            struct Listing: Decodable { let plugins: [CallPlacement.Provider] }
            let reply = context.callRaw("host.plugins.list", body: [])
            guard reply.status == .ok, let listing = try? JSONDecoder().decode(Listing.self, from: Data(reply.body)) else {
                context.log(.warning, "cannot read host.plugins.list (\(reply.status)); every call goes to the call threads")
                return placement.refreshFailed()
            }
            placement.update(providers: listing.plugins, now: CallPlacement.now())
        }
    }

    /// Binds and starts serving; returns the URL once the socket listens, or throws why it cannot.
    func start() throws -> String {
        pool.start()
        streamPool.start()
        let settings = settings.withLock { $0 }
        var logger = Logger(label: "http") { _ in PluginLogHandler(context: context) }
        logger.logLevel = .warning
        let bound = DispatchSemaphore(value: 0)
        let port = Mutex<Int?>(nil)
        let responder = AdminResponder(server: self)
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await responder.respond(to: request) },
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "aipd"),
            onServerRunning: { channel in
                port.withLock { $0 = channel.localAddress?.port }
                bound.signal()
            },
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        let failure = Mutex<String?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await group.run() } catch {
                failure.withLock { $0 = "\(error)" }
            }
            bound.signal()
            finished.signal()
        }
        guard bound.wait(timeout: .now() + 30) == .success, let actual = port.withLock({ $0 }) else {
            throw PluginError(.unavailable, "cannot listen on \(settings.host):\(settings.port): \(failure.withLock { $0 } ?? "the server did not start within 30 s")")
        }
        running.withLock { $0 = Running(group: group, finished: finished) }
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        return "http://\(host):\(actual)"
    }

    /// Stops accepting connections and waits for requests in flight, up to the drain timeout
    /// (event streams are closed first: they would otherwise never end). Safe to call twice.
    func drain() {
        guard let current = running.withLock({ state -> Running? in
            defer { state = nil }
            return state
        }) else { return }
        let timeout = settings.withLock { $0.drainTimeoutMs }
        streams.closeAll()
        responseStreams.closeAll()
        Task.detached { await current.group.triggerGracefulShutdown() }
        if current.finished.wait(timeout: .now() + .milliseconds(timeout)) == .timedOut {
            context.log(.warning, "requests still in flight after \(timeout) ms; closing their connections")
        }
    }

    func releaseThreads() {
        try? pool.syncShutdownGracefully()
        try? streamPool.syncShutdownGracefully()
    }

    func count(_ status: Int) {
        requestCounts.withLock { $0[status, default: 0] += 1 }
    }
}

/// Hummingbird's own log lines go to the host's log, tagged with the plugin's name.
struct PluginLogHandler: LogHandler {
    let context: PluginContext
    var logLevel: Logger.Level = .warning

    // Hummingbird tags every request's logger with a request id; the host's log line carries only
    // the message, so keeping metadata would cost an allocation per request for nothing.
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let level: PluginContext.LogLevel = switch event.level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error, .critical: .error
        }
        context.log(level, "\(event.message)")
    }
}
