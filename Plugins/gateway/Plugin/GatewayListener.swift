import AIPConfig
import AIPluginKit
import Foundation
import GatewayCore

/// The gateway's own HTTP listener, opt-in (`listen`): the same endpoints as its routes on the
/// daemon's http plugin, answered by the same `GatewayEndpoints`, on a port of its own (for a
/// deployment that wants the gateway apart from the admin API, or the shortest path: each request
/// runs whole on its connection's thread, see `HTTPServer`).
final class GatewayListener: Sendable {
    private let plugin: GatewayPlugin
    private let context: PluginContext
    private let host: String
    private let server: HTTPServer
    static let maxBodyBytes = 16 << 20

    init(plugin: GatewayPlugin, context: PluginContext, host: String, port: Int, maxConnections: Int) {
        self.plugin = plugin
        self.context = context
        self.host = host
        var limits = HTTPServer.Limits()
        limits.maxBodyBytes = Self.maxBodyBytes
        limits.maxConnections = maxConnections
        let endpoints = GatewayEndpoints(plugin: plugin)
        server = HTTPServer(host: host, port: port, limits: limits) { request, responder in
            Self.serve(request, responder, endpoints: endpoints)
        }
    }

    func start() throws -> String {
        do throws(HTTPServerError) {
            let port = try server.start()
            return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        } catch {
            throw PluginError(.unavailable, "gateway cannot listen on \(host): \(error.message)")
        }
    }

    func stop() {
        if !server.stop(graceSeconds: 10) {
            context.log(.warning, "gateway listener: requests still in flight after 10 s; closing their connections")
        }
    }

    // MARK: Handlers

    static func serve(_ request: HTTPServer.Request, _ responder: HTTPResponder, endpoints: GatewayEndpoints) {
        let head = request.head
        if head.path == "/healthz" {
            guard head.method == "GET" || head.method == "HEAD" else { return refuse(method: head.method, allowed: "GET", responder) }
            return respond(.json(200, .object(["status": "ok"])), responder)
        }
        let matching = GatewayEndpoints.routes.filter { $0.path == head.path }
        guard let route = matching.first(where: { $0.method == head.method || ($0.method == "GET" && head.method == "HEAD") }) else {
            if let allowed = matching.first?.method { return refuse(method: head.method, allowed: allowed, responder) }
            return respond(GatewayEndpoints.error(GatewayError(status: 404, type: "invalid_request_error", code: "unknown_url",
                                                               message: "Unknown request URL: \(head.method) \(head.path)"), anthropic: false), responder)
        }
        let endpoint = route.endpoint
        let prepared: GatewayEndpoints.Prepared
        do throws(GatewayError) {
            let secret = GatewayEndpoints.secret(authorization: head.header("authorization"), apiKey: head.header("x-api-key"))
            prepared = try endpoints.prepare(endpoint, secret: secret, body: request.body)
        } catch {
            return respond(GatewayEndpoints.error(error, anthropic: endpoint.anthropic), responder)
        }
        guard case .chat(let chat, let caller, let anthropic) = prepared, chat.stream else {
            return respond(endpoints.answer(prepared), responder)
        }
        let sink = ConnectionStreamSink(responder)
        do throws(GatewayError) {
            try endpoints.stream(chat, caller: caller, anthropic: anthropic, into: sink)
        } catch {
            // Before the first byte the status is still free: a plain error reply.
            if !sink.opened { respond(GatewayEndpoints.error(error, anthropic: anthropic), responder) }
        }
    }

    static func respond(_ answer: GatewayEndpoints.Answer, _ responder: HTTPResponder) {
        responder.respond(status: answer.status, headers: answer.headers, body: answer.body)
    }

    private static func refuse(method: String, allowed: String, _ responder: HTTPResponder) {
        var answer = GatewayEndpoints.error(GatewayError(status: 405, type: "invalid_request_error", code: "method_not_allowed",
                                                         message: "\(method) is not allowed here; use \(allowed)"), anthropic: false)
        answer.headers.append(("Allow", allowed))
        respond(answer, responder)
    }
}

/// A streamed chat written straight to the connection by the thread running the engine. The
/// first write sends the head (200, `text/event-stream`). A client that leaves is noticed when a
/// write fails or, while nothing is written (guardrails holding text back, a slow upstream), when
/// the engine asks `isClosed` (libcurl's progress callback does, at least once a second) and the
/// socket reports the peer's hang-up; the engine then cancels the upstream transfer.
final class ConnectionStreamSink: ChatStreamSink, @unchecked Sendable {
    // Used only by the connection's thread (the engine streams on the thread that called it).
    private let responder: HTTPResponder
    private(set) var opened = false
    private var closed = false

    init(_ responder: HTTPResponder) {
        self.responder = responder
    }

    func write(_ bytes: [UInt8]) -> Bool {
        guard !closed else { return false }
        if !opened {
            opened = true
            guard responder.startStream(status: 200, headers: GatewayEndpoints.streamHeaders) else {
                closed = true
                return false
            }
        }
        if !responder.write(bytes) { closed = true }
        return !closed
    }

    var isClosed: Bool {
        if !closed && responder.clientHasGone { closed = true }
        return closed
    }
}
