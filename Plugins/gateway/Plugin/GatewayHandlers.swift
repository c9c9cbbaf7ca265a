import AIPConfig
import AIPluginKit
import GatewayCore

/// The gateway's capabilities. Requests routed by the http plugin arrive here already
/// authenticated by its bearer token; their usage is attributed from the body (`user`,
/// `metadata.project`).
struct GatewayHandlers {
    let plugin: GatewayPlugin

    var all: [String: CapabilityHandler] {
        [
            "gateway.chat": .raw { call in try Self.run { () throws(GatewayError) in try chat(call) } },
            "gateway.embeddings": .raw { call in
                try Self.run { () throws(GatewayError) in
                    let body = try JSONBody.parse(try RouteEnvelope(call).body)
                    return Self.json(try plugin.engine.embeddings(body, caller: .anonymous))
                }
            },
            "gateway.models": .raw { _ in
                plugin.refreshSteps()
                return Self.json(plugin.engine.models())
            },
            "gateway.messages": .raw { call in
                try Self.run { () throws(GatewayError) in
                    let body = try JSONBody.parse(try RouteEnvelope(call).body)
                    let exchange = try AnthropicIngress(json: body)
                    if exchange.request.stream {
                        let sink = AnthropicStreamSink(inner: BufferedStreamSink(), model: exchange.request.model)
                        _ = try plugin.engine.chat(exchange.request, caller: .anonymous, sink: sink)
                        sink.finish()
                        return .bytes(sink.bufferedBytes, contentType: "text/event-stream")
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
                Self.json(.object(["counters": plugin.engine.metrics.json, "steps": plugin.engine.activeSteps,
                                   "cache_entries": .int(Int64(plugin.engine.cache?.count ?? 0))]))
            },
        ]
    }

    private func chat(_ call: IncomingCall) throws(GatewayError) -> Reply {
        let request = try ChatRequest(json: try JSONBody.parse(try RouteEnvelope(call).body))
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
