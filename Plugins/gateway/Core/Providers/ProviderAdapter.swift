import AIPConfig

/// Translates between OpenAI's API (what clients speak to the gateway) and one provider's API.
public protocol ProviderAdapter: Sendable {
    func chatRequest(_ request: ChatRequest, deployment: Deployment) throws(GatewayError) -> UpstreamRequest
    /// A successful (2xx) reply turned into an OpenAI chat completion, and its usage.
    func chatResponse(_ body: [UInt8], request: ChatRequest, deployment: Deployment) throws(UpstreamFailure) -> (completion: JSONValue, usage: Usage)
    /// Turns the upstream's stream events into OpenAI chunks.
    func streamTranslator(request: ChatRequest, deployment: Deployment, id: String, created: Int64) -> any StreamTranslator
    func embeddingsRequest(_ body: [String: JSONValue], deployment: Deployment) throws(GatewayError) -> UpstreamRequest
    func embeddingsResponse(_ body: [UInt8], deployment: Deployment, requestModel: String) throws(UpstreamFailure) -> (response: JSONValue, usage: Usage)
}

/// Consumes server-sent events of one upstream stream; answers OpenAI `chat.completion.chunk`s.
public protocol StreamTranslator: Sendable {
    mutating func consume(_ event: ServerSentEvent) throws(UpstreamFailure) -> [JSONValue]
    /// Usage reported so far (the final one once the stream ended).
    var usage: Usage? { get }
    /// The upstream said the stream is complete.
    var finished: Bool { get }
}

/// What went wrong upstream, in the terms the router acts on.
public struct UpstreamFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 429: try another deployment, cool this one down.
        case rateLimited
        /// 5xx, a broken connection, a reply that does not parse: retry, then fall back.
        case serverError
        case timeout
        /// The prompt does not fit the model: fall back to a model with a larger window.
        case contextWindowExceeded
        /// Any other 4xx: the request itself is wrong; passed to the client as it is.
        case clientError
    }

    public var kind: Kind
    public var status: Int
    public var message: String
    public var retryAfterSeconds: Double?

    public init(kind: Kind, status: Int, message: String, retryAfterSeconds: Double? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status): \(message)" }

    /// A 2xx reply the gateway cannot read: the deployment is broken, so it counts as a server error.
    public static func malformed(_ deployment: Deployment, _ detail: String) -> UpstreamFailure {
        UpstreamFailure(kind: .serverError, status: 502,
                        message: "deployment \(deployment.id) (\(deployment.provider.rawValue) \(deployment.model)) answered something unreadable: \(detail)")
    }

    /// Parses an upstream reply body, classifying garbage as a malformed reply.
    public static func parse(_ body: [UInt8], _ deployment: Deployment) throws(UpstreamFailure) -> JSONValue {
        do throws(GatewayError) { return try JSONBody.parse(body, what: "upstream reply") } catch {
            throw malformed(deployment, error.message)
        }
    }

    /// Classifies an upstream error reply; the message is the provider's own when it sent one.
    public static func classify(status: Int, body: [UInt8], deployment: Deployment) -> UpstreamFailure {
        let parsed = try? JSONBody.parse(body, what: "upstream error")
        let error = parsed?["error"]
        let message = error?["message"]?.stringValue ?? error?.stringValue ?? parsed?["message"]?.stringValue
            ?? String(decoding: body.prefix(300), as: UTF8.self)
        let code = (error?["code"]?.stringValue ?? error?["type"]?.stringValue ?? "").lowercased()
        let lowered = message.lowercased()
        let where_ = "deployment \(deployment.id) (\(deployment.provider.rawValue) \(deployment.model))"
        if code.contains("context_length") || lowered.contains("context length") || lowered.contains("context window")
            || lowered.contains("prompt is too long") || lowered.contains("maximum context") {
            return UpstreamFailure(kind: .contextWindowExceeded, status: 400, message: "\(where_): \(message)")
        }
        switch status {
        case 429: return UpstreamFailure(kind: .rateLimited, status: 429, message: "\(where_): \(message)")
        case 408, 504: return UpstreamFailure(kind: .timeout, status: 504, message: "\(where_): \(message)")
        case 500...599: return UpstreamFailure(kind: .serverError, status: 502, message: "\(where_) answered \(status): \(message)")
        default: return UpstreamFailure(kind: .clientError, status: status, message: message)
        }
    }

    public var gatewayError: GatewayError {
        switch kind {
        case .rateLimited: return .rateLimited(message, code: "upstream_rate_limited", retryAfterSeconds: retryAfterSeconds.map { Int($0.rounded(.up)) })
        case .timeout: return .upstream(message, status: 504)
        case .serverError: return .upstream(message, status: 502)
        case .contextWindowExceeded: return .invalidRequest(message, param: "messages", code: "context_length_exceeded")
        case .clientError: return GatewayError(status: status, type: "invalid_request_error", code: "upstream_rejected", message: message)
        }
    }
}
