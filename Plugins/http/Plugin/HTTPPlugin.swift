import AIPluginKit
import Foundation
import HTTPCore

/// The http plugin: serves the daemon's admin API and the routes other plugins register, over
/// Hummingbird, on a loopback address by default. Every request needs a bearer token (except
/// `/healthz` and plugin routes registered with `"auth": "handler"`, whose handler authenticates);
/// what a token may call is listed in the config next to its SHA-256.
public final class HTTPPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "http",
        version: "1.1.0",
        description: "HTTP server for the daemon: admin API, capability calls, events (SSE), Prometheus metrics, plugin routes",
        threadSafe: true,
        provides: [
            // 1.1: "auth": "handler", request headers in the envelope, application/http replies.
            .message("http.route.register", version: "1.1.0"),
            .message("http.route.unregister", version: "1.0.0"),
            .message("http.routes", version: "1.0.0"),
            .message("http.reconfigure", version: "1.0.0"),
            .message("http.stream.send", version: "1.0.0"),
        ],
        requires: [
            RequiredCapability("host.plugins.list", "^1"),
            RequiredCapability("host.plugins.enable", "^1"),
            RequiredCapability("host.plugins.disable", "^1"),
            RequiredCapability("host.plugins.reload", "^1"),
            RequiredCapability("host.health", "^1"),
            RequiredCapability("host.metrics", "^1"),
            // A gateway: which capability a request may reach is decided by its token.
            RequiredCapability("*"),
        ],
        publishes: ["http.#"],
        subscribes: ["#"],
        configSchema: HTTPSettings.schema)

    private let context: PluginContext
    private let server: HTTPServer

    public init(context: PluginContext) throws {
        self.context = context
        let settings = try context.config(HTTPSettings.self)
        server = HTTPServer(context: context, settings: settings)
        if settings.tokens.isEmpty {
            context.log(.warning, "no API tokens configured: every request except /healthz will be refused (401)")
        }
    }

    public func start() throws {
        let url = try server.start()
        context.log(.info, "listening on \(url)")
        try context.publish("http.listening", json: ["url": url])
        // Front ends stop first when the daemon stops: stop accepting, finish requests in flight.
        try context.subscribe("host.daemon.stopping") { [server] _ in server.drain() }
        // Plugins may have changed isolation or been replaced: decide afresh where calls run.
        try context.subscribe("host.config.reloaded") { [server] _ in server.placement.invalidate() }
    }

    public func stop() throws {
        server.drain()
    }

    public func shutdown() {
        server.releaseThreads()
    }

    /// One piece of a streamed response: the first fixes status and headers; `data` is body text.
    struct StreamSend: Decodable, Sendable {
        let stream: String
        let status: Int?
        let headers: [String: String]?
        let data: String?
    }

    struct Unregister: Decodable, Sendable {
        let method: String
        let path: String
    }

    public var handlers: [String: CapabilityHandler] {
        [
            "http.route.register": .json { [server] (route: RouteTable.Route, call: IncomingCall) -> RouteTable.Route in
                guard route.capability.hasPrefix(call.caller + ".") || call.caller == "host" else {
                    throw PluginError(.permissionDenied, "plugin \(call.caller) may only route to its own capabilities (\(call.caller).*), not \(route.capability)")
                }
                do { try server.routes.withLock { try $0.register(route) } } catch {
                    throw PluginError(.invalidArgument, "\(error)")
                }
                return route
            },
            "http.route.unregister": .json { [server] (route: Unregister) -> [String: Bool] in
                ["removed": server.routes.withLock { $0.unregister(method: route.method, path: route.path) }]
            },
            "http.stream.send": .json { [server] (piece: StreamSend, call: IncomingCall) -> [String: Bool] in
                guard let stream = server.responseStreams.find(piece.stream) else {
                    throw PluginError(.notFound, "no open response stream \(piece.stream) (the handler already returned, or the id is wrong)")
                }
                guard stream.owner == call.caller else {
                    throw PluginError(.permissionDenied, "stream \(piece.stream) belongs to plugin \(stream.owner), not \(call.caller)")
                }
                if let status = piece.status, !(200...599).contains(status) {
                    throw PluginError(.invalidArgument, "status must be 200 to 599, got \(status)")
                }
                do {
                    try stream.send(status: piece.status, headers: piece.headers, data: Array((piece.data ?? "").utf8))
                } catch {
                    throw PluginError(.unavailable, "stream \(piece.stream): \(error)")
                }
                return ["sent": true]
            },
            "http.routes": .json { [server] (_: Empty) -> [RouteTable.Route] in
                server.routes.withLock { $0.routes }
            },
            // The daemon calls this on SIGHUP instead of reloading the plugin, so the listening
            // socket (and the requests on it) survive a token change.
            "http.reconfigure": .json { [server] (new: HTTPSettings, call: IncomingCall) -> [String: String] in
                guard call.caller == "host" else {
                    throw PluginError(.permissionDenied, "only the host may reconfigure the http plugin")
                }
                let old = server.settings.withLock { $0 }
                guard new.host == old.host, new.port == old.port || new.port == 0 else {
                    throw PluginError(.invalidArgument, "host and port cannot change while serving (\(old.host):\(old.port)); restart the daemon or reload the plugin")
                }
                server.reconfigure(new)
                return ["status": "reconfigured", "tokens": "\(new.tokens.count)"]
            },
        ]
    }
}

struct Empty: Decodable, Sendable {}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: HTTPPlugin.self) }
