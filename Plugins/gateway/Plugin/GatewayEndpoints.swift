import AIPConfig
import Foundation
import AIPluginKit
import GatewayCore

/// The gateway's HTTP API whichever server received the request — a route on the daemon's http
/// plugin (the default) or the opt-in own listener: the virtual key, the body, the pipeline, and
/// answers in OpenAI's (or, for `/v1/messages`, Anthropic's) exact shape and status. Both
/// adapters call this; `answer` and `stream` block on upstream I/O.
struct GatewayEndpoints: Sendable {
    enum Endpoint: String, Sendable {
        case chat, messages, embeddings, models

        /// `/v1/messages` speaks Anthropic's dialect, errors included.
        var anthropic: Bool { self == .messages }
    }

    /// A response spelled out.
    struct Answer: Sendable, Equatable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        static func json(_ status: Int, _ value: JSONValue) -> Answer {
            Answer(status: status, headers: [("Content-Type", "application/json")], body: JSONBody.bytes(value))
        }

        static func == (lhs: Answer, rhs: Answer) -> Bool {
            lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
        }
    }

    /// A request that is authenticated and parsed, ready to run.
    enum Prepared: Sendable {
        case chat(ChatRequest, Caller, anthropic: Bool)
        case embeddings(JSONValue, Caller)
        case models
    }

    /// The paths both servers answer; `/chat/completions` is what clients with a base URL
    /// without `/v1` call.
    static let routes: [(method: String, path: String, endpoint: Endpoint)] = [
        ("POST", "/v1/chat/completions", .chat),
        ("POST", "/chat/completions", .chat),
        ("POST", "/v1/messages", .messages),
        ("POST", "/v1/embeddings", .embeddings),
        ("GET", "/v1/models", .models),
    ]

    let plugin: GatewayPlugin

    /// The virtual key: `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key` (Anthropic's).
    static func secret(authorization: String?, apiKey: String?) -> String? {
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return apiKey
    }

    func prepare(_ endpoint: Endpoint, secret: String?, body: [UInt8]) throws(GatewayError) -> Prepared {
        let caller = try plugin.keys.authenticate(secret)
        switch endpoint {
        case .models:
            return .models
        case .embeddings:
            return .embeddings(try JSONBody.parse(body), caller)
        case .chat:
            return .chat(try ChatRequest(json: try JSONBody.parse(body)), caller, anthropic: false)
        case .messages:
            return .chat(try AnthropicIngress(json: try JSONBody.parse(body)).request, caller, anthropic: true)
        }
    }

    /// The whole answer of a request that is not streamed (a streamed chat belongs to `stream`).
    func answer(_ prepared: Prepared) -> Answer {
        do throws(GatewayError) {
            switch prepared {
            case .models:
                plugin.refreshSteps()
                return .json(200, plugin.engine.models())
            case .embeddings(let body, let caller):
                return .json(200, try plugin.engine.embeddings(body, caller: caller))
            case .chat(let request, let caller, let anthropic):
                let completion = try plugin.engine.chat(request, caller: caller) ?? .null
                return .json(200, anthropic ? AnthropicIngress.message(from: completion) : completion)
            }
        } catch {
            if case .chat(_, _, let anthropic) = prepared { return Self.error(error, anthropic: anthropic) }
            return Self.error(error, anthropic: false)
        }
    }

    /// Runs a streamed chat into `sink` (Anthropic's typed events for `/v1/messages`). Throws only
    /// what happened before the first byte, which the caller answers as a plain error; later
    /// failures end the stream with an error event, and a sink that reports the client gone
    /// cancels the upstream (its usage is still recorded).
    func stream(_ request: ChatRequest, caller: Caller, anthropic: Bool, into sink: any ChatStreamSink) throws(GatewayError) {
        let target: any ChatStreamSink = anthropic ? AnthropicStreamSink(inner: sink, model: request.model) : sink
        _ = try plugin.engine.chat(request, caller: caller, sink: target)
        (target as? AnthropicStreamSink)?.finish()
    }

    static let streamHeaders: [(name: String, value: String)] = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]

    /// An error in the dialect of the endpoint: OpenAI's `{"error": {message, type, param, code}}`,
    /// or Anthropic's `{"type": "error", "error": {type, message}}`; 401 also says how to authenticate.
    static func error(_ error: GatewayError, anthropic: Bool) -> Answer {
        var answer: Answer
        if anthropic {
            let type = switch error.status {
            case 400, 413: "invalid_request_error"
            case 401: "authentication_error"
            case 403: "permission_error"
            case 404: "not_found_error"
            case 429: "rate_limit_error"
            case 503, 529: "overloaded_error"
            default: "api_error"
            }
            answer = .json(error.status, .object(["type": "error", "error": .object(["type": .string(type), "message": .string(error.message)])]))
        } else {
            answer = Answer(status: error.status, headers: [("Content-Type", "application/json")], body: error.body)
        }
        if error.status == 401 { answer.headers.append(("WWW-Authenticate", "Bearer")) }
        if let retry = error.retryAfterSeconds { answer.headers.append(("Retry-After", String(retry))) }
        return answer
    }
}
