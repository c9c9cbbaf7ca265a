import AIPConfig

/// An error as OpenAI clients expect it: `{"error": {"message", "type", "param", "code"}}` with
/// the HTTP status that goes with it. Every failure of the gateway, its steps or an upstream
/// ends up as one of these.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var type: String
    public var code: String?
    public var param: String?
    public var message: String
    /// Seconds after which a retry may succeed (a rate limit's window, an upstream's
    /// `Retry-After`): sent as the `Retry-After` header, which OpenAI's clients honour.
    public var retryAfterSeconds: Int?

    public init(status: Int, type: String, code: String? = nil, param: String? = nil, message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status) \(type): \(message)" }

    public static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> GatewayError {
        GatewayError(status: 400, type: "invalid_request_error", code: code, param: param, message: message)
    }

    public static func unknownModel(_ model: String, known: [String]) -> GatewayError {
        GatewayError(status: 404, type: "invalid_request_error", code: "model_not_found", param: "model",
                     message: "The model '\(model)' does not exist or you do not have access to it; known models: \(known.sorted().joined(separator: ", "))")
    }

    public static func authentication(_ message: String) -> GatewayError {
        GatewayError(status: 401, type: "invalid_request_error", code: "invalid_api_key", message: message)
    }

    public static func permission(_ message: String) -> GatewayError {
        GatewayError(status: 403, type: "permission_error", code: "model_not_allowed", param: "model", message: message)
    }

    public static func rateLimited(_ message: String, code: String = "rate_limit_exceeded", retryAfterSeconds: Int? = nil) -> GatewayError {
        GatewayError(status: 429, type: "rate_limit_error", code: code, message: message, retryAfterSeconds: retryAfterSeconds)
    }

    public static func budgetExceeded(_ message: String) -> GatewayError {
        GatewayError(status: 429, type: "insufficient_quota", code: "budget_exceeded", message: message)
    }

    public static func contentBlocked(_ stage: String, policy: String, categories: [String]) -> GatewayError {
        GatewayError(status: 400, type: "invalid_request_error", code: "content_policy_violation", param: stage == "input" ? "messages" : nil,
                     message: "The \(stage) was blocked by guardrails policy '\(policy)' (\(categories.joined(separator: ", ")))")
    }

    public static func upstream(_ message: String, status: Int = 502) -> GatewayError {
        GatewayError(status: status, type: status == 504 ? "timeout_error" : "api_error", code: status == 504 ? "upstream_timeout" : "upstream_error",
                     message: message)
    }

    public static func `internal`(_ message: String) -> GatewayError {
        GatewayError(status: 500, type: "api_error", code: "internal_error", message: message)
    }

    public var json: JSONValue {
        var error: [String: JSONValue] = ["message": .string(message), "type": .string(type)]
        error["param"] = param.map(JSONValue.string) ?? .null
        error["code"] = code.map(JSONValue.string) ?? .null
        return .object(["error": .object(error)])
    }

    public var body: [UInt8] { json.serializedBytes() }
}
