import AIPluginKit
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers every request: authentication, then the admin routes, then plugin routes.
struct AdminResponder: Sendable {
    let server: HTTPServer

    func respond(to request: Request) async -> Response {
        let response = await route(request)
        server.count(Int(response.status.code))
        return response
    }

    private func route(_ request: Request) async -> Response {
        let route = AdminRoute.match(method: request.method.rawValue, path: request.uri.path)
        if route == .healthz { return Self.reply(200, "application/json", Array(#"{"status":"ok"}"#.utf8)) }
        // A route whose handler authenticates (an OpenAI-compatible gateway reading its own API
        // keys) is served without a token; every other path still needs one, and admin paths
        // can never be such routes (they are reserved and matched first).
        if route == .notFound, let match = server.routes.withLock({ $0.match(method: request.method.rawValue, path: request.uri.path) }),
           match.route.authenticatedByHandler {
            return await pluginRoute(request, match: match)
        }
        let token: TokenEntry
        switch server.tokens.withLock({ $0 }).authenticate(authorization: request.headers[.authorization]) {
        case .missing:
            var response = Self.error(401, "unauthenticated", "a bearer token is required: send Authorization: Bearer <token>")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        case .unknown:
            var response = Self.error(401, "unauthenticated", "the bearer token is not valid")
            response.headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
            return response
        case .accepted(let entry):
            token = entry
        }
        if case .methodNotAllowed(let allowed) = route {
            var response = Self.error(405, "method_not_allowed", "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed)")
            response.headers[.allow] = allowed
            return response
        }
        if route == .notFound {
            guard let match = server.routes.withLock({ $0.match(method: request.method.rawValue, path: request.uri.path) }) else {
                return Self.error(404, "not_found", "no route for \(request.method.rawValue) \(request.uri.path)")
            }
            guard token.allows(match.route.capability) else {
                return Self.error(403, "permission_denied", "token \(token.name) may not use \(match.route.capability)")
            }
            return await pluginRoute(request, match: match)
        }
        if let permission = route.permission, !token.allows(permission) {
            return Self.error(403, "permission_denied", "token \(token.name) may not use \(permission)")
        }
        switch route {
        case .readyz:
            let reply = await call("host.health", body: [])
            return Self.reply(reply.status == .ok ? 200 : 503, reply.contentType, reply.body)
        case .metrics:
            let reply = await call("host.metrics", body: [])
            guard reply.status == .ok else { return Self.passThrough(reply) }
            do {
                let snapshot = try JSONDecoder().decode(MetricsSnapshot.self, from: Data(reply.body))
                let text = PrometheusText.render(snapshot, requests: server.requestCounts.withLock { $0 })
                return Self.reply(200, PrometheusText.contentType, Array(text.utf8))
            } catch {
                return Self.error(500, "internal", "host.metrics answered something unreadable: \(error)")
            }
        case .listPlugins:
            return Self.passThrough(await call("host.plugins.list", body: []))
        case .pluginAction(let plugin, let action):
            var request = request
            guard let body = await collect(&request) else { return Self.tooLarge(server) }
            defer { server.placement.invalidate() }
            return Self.passThrough(await call("host.plugins.\(action.rawValue)", body: Self.merging(name: plugin, into: body)))
        case .call(let capability):
            var request = request
            let limit = server.settings.withLock { $0.maxBodyBytes }
            guard let body = try? await request.collectBody(upTo: limit) else { return Self.tooLarge(server) }
            return await call(capability, body: body, contentType: request.headers[.contentType] ?? "application/json")
        case .events:
            return openStream(pattern: request.uri.queryParameters["pattern"].map(String.init) ?? "#")
        case .healthz, .notFound, .methodNotAllowed:
            return Self.error(404, "not_found", "no route for \(request.uri.path)")
        }
    }

    /// A route another plugin registered (already authenticated, or authenticated by its handler).
    /// The handler sees the request's headers; on token-guarded routes the http plugin's own
    /// `authorization` header is withheld, since the token is the http plugin's business.
    private func pluginRoute(_ request: Request, match: RouteTable.Match) async -> Response {
        var request = request
        guard let body = await collect(&request) else { return Self.tooLarge(server) }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let headers = HeaderFields.envelope(request.headers.lazy.map { (name: $0.name.canonicalName, value: $0.value) },
                                            withheld: match.route.authenticatedByHandler ? [] : ["authorization"])
        let envelope = Envelope(method: request.method.rawValue, path: request.uri.path, parameters: match.parameters,
                                query: query, headers: headers, contentType: request.headers[.contentType] ?? "",
                                body: String(decoding: body, as: UTF8.self), stream: nil)
        let route = match.route
        if route.stream == true {
            let stream = ResponseStream(id: ResponseStreams.newID(), owner: route.owner)
            var streamed = envelope
            streamed.stream = stream.id
            let payload = (try? Self.encoder.encode(streamed)) ?? []
            return await streamingRoute(route, payload: payload, stream: stream)
        }
        let payload = (try? Self.encoder.encode(envelope)) ?? []
        let reply = await call(route.capability, body: payload)
        return handlerReply(route, status: StatusMapping.httpStatus(for: reply.status.rawValue), contentType: reply.contentType, body: reply.body)
    }

    /// A handler's reply as the response: as it is, or, for an `application/http` reply, the
    /// status, headers and body it spells out. A malformed message is the handler's fault: 502
    /// naming the plugin, logged, and the server carries on.
    private func handlerReply(_ route: RouteTable.Route, status: Int, contentType: String, body: [UInt8]) -> Response {
        guard status == 200, HTTPResponseMessage.announces(contentType) else { return Self.reply(status, contentType, body) }
        let message: HTTPResponseMessage
        do { message = try HTTPResponseMessage.parse(body) } catch {
            let text = "plugin \(route.owner) answered \(route.method) \(route.path) (\(route.capability)) with a malformed application/http response: \(error)"
            server.context.log(.warning, text)
            return Self.error(502, "bad_gateway", text)
        }
        var fields = HTTPFields()
        for (name, value) in message.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: .init(code: message.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: message.body)))
    }

    /// The routed request as the handler receives it; `stream` only on streaming routes.
    private struct Envelope: Encodable {
        let method: String, path: String, parameters: [String: String], query: [String: String]
        let headers: [String: String], contentType: String, body: String
        var stream: String?
    }

    /// The kit's streaming encoder: Foundation's JSONEncoder cost a tenth of a routed request's CPU.
    private static let encoder = KitJSONEncoder()

    /// A route registered with `"stream": true`: the handler runs on a stream thread and sends
    /// the head and chunks through `http.stream.send`; if it sends nothing, its reply is the
    /// response. A failed write (the client left) ends the stream and fails the handler's next send.
    private func streamingRoute(_ route: RouteTable.Route, payload: [UInt8], stream: ResponseStream) async -> Response {
        let capability = route.capability
        let streams = server.responseStreams
        let context = server.context
        streams.add(stream)
        server.streamPool.submit { state in
            defer { streams.remove(stream.id) }
            guard case .active = state else {
                let error = PluginError(.unavailable, "the server is stopping")
                return stream.complete(status: 503, contentType: "application/json", body: error.jsonBody)
            }
            let reply = context.callRaw(capability, body: payload)
            stream.complete(status: StatusMapping.httpStatus(for: reply.status.rawValue), contentType: reply.contentType, body: reply.body)
        }
        switch await stream.awaitHead() {
        case .reply(let status, let contentType, let body):
            return handlerReply(route, status: status, contentType: contentType, body: body)
        case .stream(let status, let headers):
            var fields = HTTPFields()
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            return Response(status: .init(code: status), headers: fields, body: ResponseBody { writer in
                do {
                    while let chunk = await stream.nextChunk() {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                } catch {
                    stream.clientLeft()
                    throw error
                }
            })
        }
    }

    private func openStream(pattern: String) -> Response {
        let stream = EventStream(context: server.context)
        do { try stream.subscribe(pattern: pattern) } catch {
            return Self.error(400, "invalid_argument", "cannot subscribe to \(pattern): \(error)")
        }
        let streams = server.streams
        let id = streams.add(stream)
        let heartbeat = server.settings.withLock { $0.sseHeartbeatMs }
        let beats = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(heartbeat))
                stream.heartbeat()
            }
        }
        var response = Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                                body: ResponseBody { writer in
            defer {
                beats.cancel()
                stream.close()
                streams.remove(id)
            }
            try await writer.write(ByteBuffer(string: ServerSentEvents.opened(pattern: pattern)))
            for await chunk in stream.chunks {
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        })
        response.headers[.connection] = "keep-alive"
        return response
    }

    /// `POST /v1/call/{capability}`: inline when the capability is known to be cheap and
    /// in-process (see `CallPlacement`), else on the call-thread pool; the reply's bytes go
    /// straight into the response buffer.
    private func call(_ capability: String, body: ByteBuffer, contentType: String) async -> Response {
        let placement = server.placement
        let context = server.context
        let started = CallPlacement.now()
        if placement.needsRefresh(for: capability, now: started) { server.refreshPlacement() }
        if placement.place(capability, now: started) == .inline {
            return Self.forward(capability, body: body, contentType: contentType, context: context, placement: placement)
        }
        do {
            return try await server.pool.runIfActive {
                Self.forward(capability, body: body, contentType: contentType, context: context, placement: placement)
            }
        } catch {
            return Self.error(503, "unavailable", "the server is stopping")
        }
    }

    private static func forward(_ capability: String, body: ByteBuffer, contentType: String, context: PluginContext,
                                placement: CallPlacement) -> Response {
        let started = CallPlacement.now()
        let response = body.withUnsafeReadableBytes { bytes in
            context.callRaw(capability, bytes: bytes, contentType: contentType) { status, type, reply in
                Self.reply(StatusMapping.httpStatus(for: status.rawValue), type, ByteBuffer(bytes: reply))
            }
        }
        let finished = CallPlacement.now()
        placement.record(capability, nanoseconds: finished &- started, now: finished)
        return response
    }

    private func call(_ capability: String, body: [UInt8], contentType: String = "application/json") async -> RawReply {
        let context = server.context
        do {
            return try await server.pool.runIfActive { context.callRaw(capability, body: body, contentType: contentType) }
        } catch {
            return RawReply(status: .unavailable, contentType: "application/json",
                            body: PluginError(.unavailable, "the server is stopping").jsonBody)
        }
    }

    /// The body, or nil when it exceeds `max_body_bytes`.
    private func collect(_ request: inout Request) async -> [UInt8]? {
        let limit = server.settings.withLock { $0.maxBodyBytes }
        guard let buffer = try? await request.collectBody(upTo: limit) else { return nil }
        return Array(buffer.readableBytesView)
    }

    /// `{"name": plugin}` plus the fields of a JSON object body (e.g. `path` for a reload).
    static func merging(name: String, into body: [UInt8]) -> [UInt8] {
        let quoted = String(decoding: (try? JSONEncoder().encode(name)) ?? Data("\"\"".utf8), as: UTF8.self)
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return Array("{\"name\":\(quoted)}".utf8) }
        let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
        return Array("{\"name\":\(quoted)\(inner.isEmpty ? "" : ",\(inner)")}".utf8)
    }

    static func passThrough(_ answer: RawReply) -> Response {
        let reply = answer
        return Self.reply(StatusMapping.httpStatus(for: reply.status.rawValue), reply.contentType, reply.body)
    }

    static func reply(_ status: Int, _ contentType: String, _ body: [UInt8]) -> Response {
        reply(status, contentType, ByteBuffer(bytes: body))
    }

    static func reply(_ status: Int, _ contentType: String, _ body: ByteBuffer) -> Response {
        Response(status: .init(code: status), headers: [.contentType: contentType], body: ResponseBody(byteBuffer: body))
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        let quoted = String(decoding: (try? JSONEncoder().encode(message)) ?? Data("\"\"".utf8), as: UTF8.self)
        return reply(status, "application/json", Array("{\"error\":{\"code\":\"\(code)\",\"message\":\(quoted)}}".utf8))
    }

    static func tooLarge(_ server: HTTPServer) -> Response {
        error(413, "payload_too_large", "the body exceeds max_body_bytes (\(server.settings.withLock { $0.maxBodyBytes }))")
    }
}
