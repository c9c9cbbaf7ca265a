import AIPluginKit
import GatewayCore

/// Requests the daemon's http plugin routes here (registered with `"auth": "handler"`, so the
/// gateway checks the virtual key itself). Every answer is an exact HTTP response — a reply of
/// content type `application/http` — and a streamed chat is sent chunk by chunk through
/// `http.stream.send` as the upstream produces it.
struct RoutedRequests {
    let endpoints: GatewayEndpoints
    let context: PluginContext

    func serve(_ endpoint: GatewayEndpoints.Endpoint, _ routed: RouteEnvelope.Routed, body: [UInt8]) -> Reply {
        let prepared: GatewayEndpoints.Prepared
        do throws(GatewayError) { prepared = try endpoints.prepare(endpoint, secret: routed.secret, body: body) } catch {
            return Self.reply(GatewayEndpoints.error(error, anthropic: endpoint.anthropic))
        }
        guard case .chat(let request, let caller, let anthropic) = prepared, request.stream else {
            return Self.reply(endpoints.answer(prepared))
        }
        guard let id = routed.stream else {
            // A route registered without "stream": true gives no stream to send to: the whole
            // stream goes out as one body.
            let sink = BufferedStreamSink()
            do throws(GatewayError) { try endpoints.stream(request, caller: caller, anthropic: anthropic, into: sink) } catch {
                return Self.reply(GatewayEndpoints.error(error, anthropic: anthropic))
            }
            return Self.reply(.init(status: 200, headers: GatewayEndpoints.streamHeaders, body: sink.bytes))
        }
        let sink = HTTPStreamSink(context: context, stream: id)
        defer { sink.end() }
        do throws(GatewayError) { try endpoints.stream(request, caller: caller, anthropic: anthropic, into: sink) } catch {
            // Before the first byte the status is still free: a plain error response.
            if !sink.opened { return Self.reply(GatewayEndpoints.error(error, anthropic: anthropic)) }
        }
        // The stream was the response; the http plugin ignores this reply.
        return .bytes([], contentType: "text/plain")
    }

    /// An HTTP/1.1 response message: what the http plugin turns into the exact response.
    static func reply(_ answer: GatewayEndpoints.Answer) -> Reply {
        var message: [UInt8] = []
        message.reserveCapacity(64 + answer.headers.count * 48 + answer.body.count)
        message.append(contentsOf: "HTTP/1.1 \(answer.status) \r\n".utf8)
        for (name, value) in answer.headers {
            message.append(contentsOf: name.utf8)
            message.append(contentsOf: ": ".utf8)
            message.append(contentsOf: value.utf8)
            message.append(contentsOf: "\r\n".utf8)
        }
        message.append(contentsOf: "\r\n".utf8)
        message.append(contentsOf: answer.body)
        return .bytes(message, contentType: "application/http")
    }
}
