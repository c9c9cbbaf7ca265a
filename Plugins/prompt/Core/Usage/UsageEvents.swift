import Foundation

/// The `llm.usage` event: one model call, as the gateway (and anything calling a model)
/// publishes it. The cost plugin reads the same payload; the field names are a contract.
public struct LLMUsageEvent: Codable, Sendable, Hashable {
    public struct PromptReference: Codable, Sendable, Hashable {
        public let name: String
        public let version: Int

        public init(name: String, version: Int) {
            self.name = name
            self.version = version
        }
    }

    public let provider: String
    public let model: String
    public let inputTokens: Int
    public let outputTokens: Int
    public let cachedInputTokens: Int?
    /// A decimal number as a string ("0.00042"), so money never passes through binary floating point.
    public let costUsd: String?
    public let latencyMs: Double?
    public let project: String?
    public let user: String?
    public let tenant: String?
    public let requestId: String?
    public let prompt: PromptReference?

    public init(provider: String, model: String, inputTokens: Int, outputTokens: Int, cachedInputTokens: Int? = nil,
                costUsd: String? = nil, latencyMs: Double? = nil, project: String? = nil, user: String? = nil,
                tenant: String? = nil, requestId: String? = nil, prompt: PromptReference? = nil) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.costUsd = costUsd
        self.latencyMs = latencyMs
        self.project = project
        self.user = user
        self.tenant = tenant
        self.requestId = requestId
        self.prompt = prompt
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cachedInputTokens = "cached_input_tokens", costUsd = "cost_usd", latencyMs = "latency_ms"
        case project, user, tenant, requestId = "request_id", prompt
    }

    /// Token counts above this are refused as absurd (no model has a context anywhere near it).
    public static let maxTokens = 100_000_000

    /// The cost as an exact decimal, or nil when the event carries none.
    func validatedCost() throws -> Decimal? {
        guard let costUsd else { return nil }
        guard let cost = ExactDecimal.parse(costUsd) else {
            throw PromptError.invalid("llm.usage cost_usd must be a non-negative decimal string such as \"0.0042\", got \"\(costUsd)\"")
        }
        return cost
    }

    public func validate() throws {
        for (field, value) in [("input_tokens", inputTokens), ("output_tokens", outputTokens), ("cached_input_tokens", cachedInputTokens ?? 0)] {
            guard value >= 0, value <= Self.maxTokens else {
                throw PromptError.invalid("llm.usage \(field) must be from 0 to \(Self.maxTokens), got \(value)")
            }
        }
        if let cached = cachedInputTokens, cached > inputTokens {
            throw PromptError.invalid("llm.usage cached_input_tokens (\(cached)) exceeds input_tokens (\(inputTokens))")
        }
        if let latencyMs, !(latencyMs.isFinite && latencyMs >= 0) {
            throw PromptError.invalid("llm.usage latency_ms must be a finite number of 0 or more, got \(latencyMs)")
        }
        _ = try validatedCost()
    }
}

/// The `prompt.feedback` event: a score for the output of one prompt version.
public struct PromptFeedbackEvent: Codable, Sendable, Hashable {
    public let name: String
    public let version: Int
    /// Any finite number; callers usually send 1/0, 1/-1 or a rating from 1 to 5, and the
    /// stats report the mean.
    public let score: Double
    public let requestId: String?
    public let user: String?
    public let comment: String?

    public init(name: String, version: Int, score: Double, requestId: String? = nil, user: String? = nil, comment: String? = nil) {
        self.name = name
        self.version = version
        self.score = score
        self.requestId = requestId
        self.user = user
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case name, version, score, requestId = "request_id", user, comment
    }
}

/// Plain decimal strings to `Decimal` and back, without locale or exponent surprises.
enum ExactDecimal {
    static func parse(_ text: String) -> Decimal? {
        var sawDigit = false
        var sawPoint = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
        }
        guard sawDigit, text.utf8.count <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func text(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 12, .plain)
        return NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }
}
