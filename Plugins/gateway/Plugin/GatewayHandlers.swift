import AIPConfig
import AIPluginKit
import GatewayCore

/// The gateway's capabilities. A request the http plugin routed here (an envelope with its
/// headers) is authenticated by its virtual key and answered with an exact HTTP response
/// (`RoutedRequests`); a direct call (`/v1/call/gateway.chat`, another plugin) sends the OpenAI
/// body itself, is attributed from the body (`user`, `metadata.project`), and gets ABI errors.
struct GatewayHandlers {
    let plugin: GatewayPlugin

    var all: [String: CapabilityHandler] {
        let routes = RoutedRequests(endpoints: GatewayEndpoints(plugin: plugin), context: plugin.context)
        return [
            "gateway.chat": .raw { call in
                let envelope = RouteEnvelope(call)
                if let routed = envelope.routed { return routes.serve(.chat, routed, body: envelope.body) }
                return try Self.run { () throws(GatewayError) in try chat(envelope.body) }
            },
            "gateway.embeddings": .raw { call in
                let envelope = RouteEnvelope(call)
                if let routed = envelope.routed { return routes.serve(.embeddings, routed, body: envelope.body) }
                return try Self.run { () throws(GatewayError) in
                    Self.json(try plugin.engine.embeddings(try JSONBody.parse(envelope.body), caller: .anonymous))
                }
            },
            "gateway.models": .raw { call in
                let envelope = RouteEnvelope(call)
                if let routed = envelope.routed { return routes.serve(.models, routed, body: envelope.body) }
                plugin.refreshSteps()
                return Self.json(plugin.engine.models())
            },
            "gateway.messages": .raw { call in
                let envelope = RouteEnvelope(call)
                if let routed = envelope.routed { return routes.serve(.messages, routed, body: envelope.body) }
                return try Self.run { () throws(GatewayError) in
                    let exchange = try AnthropicIngress(json: try JSONBody.parse(envelope.body))
                    if exchange.request.stream {
                        let sink = BufferedStreamSink()
                        try GatewayEndpoints(plugin: plugin).stream(exchange.request, caller: .anonymous, anthropic: true, into: sink)
                        return .bytes(sink.bytes, contentType: "text/event-stream")
                    }
                    let completion = try plugin.engine.chat(exchange.request, caller: .anonymous) ?? .null
                    return Self.json(AnthropicIngress.message(from: completion))
                }
            },
            "gateway.keys.create": .raw { call in
                try Self.run { () throws(GatewayError) in
                    let body = try JSONBody.parse(call.bytes.isEmpty ? Array("{}".utf8) : call.bytes)
                    let (key, secret) = try plugin.keys.create(body)
                    if let budget = body["budget"], !budget.isNull { try plugin.setBudget(budget, for: key) }
                    guard case .object(var out) = key.json else { return Self.json(key.json) }
                    out["key"] = .string(secret)
                    return Self.json(.object(out))
                }
            },
            "gateway.keys.list": .raw { _ in
                try Self.run { () throws(GatewayError) in Self.json(.object(["keys": .array(try plugin.keys.list().map(\.json))])) }
            },
            "gateway.keys.revoke": .raw { call in
                try Self.run { () throws(GatewayError) in
                    let body = try JSONBody.parse(call.bytes)
                    guard let id = body["id"]?.stringValue else { throw .invalidRequest("id is required", param: "id") }
                    try plugin.keys.revoke(id: id)
                    return Self.json(.object(["id": .string(id), "revoked": true]))
                }
            },
            "gateway.metrics": .raw { _ in
                var counters = plugin.engine.metrics.json.members
                let screened = plugin.steps.screenedCount
                if screened > 0 { counters["guardrails_screened"] = .int(Int64(screened)) }
                return Self.json(.object(["counters": .object(counters), "steps": plugin.engine.activeSteps,
                                   "cache_entries": .int(Int64(plugin.engine.cache?.count ?? 0))]))
            },
        ]
    }

    private func chat(_ body: [UInt8]) throws(GatewayError) -> Reply {
        let request = try ChatRequest(json: try JSONBody.parse(body))
        if request.stream {
            // A capability reply is one body: the stream is collected and sent whole.
            let sink = BufferedStreamSink()
            _ = try plugin.engine.chat(request, caller: .anonymous, sink: sink)
            return .bytes(sink.bytes, contentType: "text/event-stream")
        }
        return Self.json(try plugin.engine.chat(request, caller: .anonymous) ?? .null)
    }

    static func json(_ value: JSONValue) -> Reply {
        .bytes(JSONBody.bytes(value), contentType: "application/json")
    }

    static func run(_ body: () throws(GatewayError) -> Reply) throws -> Reply {
        do throws(GatewayError) { return try body() } catch { throw error.pluginError }
    }
}
