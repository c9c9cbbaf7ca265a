import Foundation

/// The `llm.usage` event payload (shared with the prompt plugin and the gateway), and the body of
/// `cost.record`. Field names are the wire names.
public struct UsageEvent: Sendable, Codable, Equatable {
    public struct PromptReference: Sendable, Codable, Equatable {
        public var name: String
        /// Version number as text (`"3"`); numbers and strings are both accepted on the wire.
        public var version: String?

        public init(name: String, version: String?) {
            self.name = name
            self.version = version
        }

        enum CodingKeys: String, CodingKey { case name, version }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            if let number = try? container.decodeIfPresent(Int.self, forKey: .version) {
                version = String(number)
            } else {
                version = try container.decodeIfPresent(String.self, forKey: .version)
            }
        }
    }

    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int?
    /// Cost as the caller computed it, a decimal string. Used only when the model is not in the catalogue.
    public var costUSD: String?
    public var latencyMs: Double?
    public var project: String?
    public var user: String?
    public var tenant: String?
    public var requestID: String
    public var prompt: PromptReference?
    /// Optional extension: a hash of the full rendered request, so repeats a cache would serve can be counted exactly.
    public var promptHash: String?
    /// Optional: when the usage happened (ISO 8601 or milliseconds since the epoch); default: when it is recorded.
    public var timestamp: String?

    public init(provider: String, model: String, inputTokens: Int, outputTokens: Int, cachedInputTokens: Int? = nil,
                costUSD: String? = nil, latencyMs: Double? = nil, project: String? = nil, user: String? = nil,
                tenant: String? = nil, requestID: String, prompt: PromptReference? = nil, promptHash: String? = nil,
                timestamp: String? = nil) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.project = project
        self.user = user
        self.tenant = tenant
        self.requestID = requestID
        self.prompt = prompt
        self.promptHash = promptHash
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cachedInputTokens = "cached_input_tokens", costUSD = "cost_usd", latencyMs = "latency_ms"
        case project, user, tenant, requestID = "request_id", prompt, promptHash = "prompt_hash", timestamp
    }

    /// Checks the fields and resolves the time; `defaultMillis` is used when `timestamp` is absent.
    public func validated(defaultMillis: Int64) throws(CostError) -> ValidatedUsage {
        // Trimming allocates; most ids have no surrounding blanks, so look before trimming.
        let trimmedID = requestID.first?.isWhitespace == true || requestID.last?.isWhitespace == true
            ? requestID.trimmingCharacters(in: .whitespaces) : requestID
        guard !trimmedID.isEmpty else { throw .invalidField("request_id", "must not be empty (it makes recording idempotent)") }
        guard trimmedID.utf8.count <= 256 else { throw .invalidField("request_id", "longer than 256 bytes") }
        guard !model.isEmpty else { throw .invalidField("model", "must not be empty") }
        guard !provider.isEmpty else { throw .invalidField("provider", "must not be empty") }
        let tokens = try TokenCounts(input: inputTokens, output: outputTokens, cachedInput: cachedInputTokens ?? 0)
        var reported: Money?
        if let costUSD {
            do {
                reported = try Money(parsing: costUSD)
            } catch {
                throw .invalidField("cost_usd", error.description)
            }
            if reported?.isNegative == true { throw .invalidField("cost_usd", "must not be negative, got \(costUSD)") }
        }
        if let latencyMs, !(latencyMs >= 0 && latencyMs < 86_400_000) {
            throw .invalidField("latency_ms", "must be between 0 and one day, got \(latencyMs)")
        }
        let millis = try timestamp.map { text throws(CostError) in try Self.parseTimestamp(text) } ?? defaultMillis
        return ValidatedUsage(requestID: trimmedID, atMillis: millis, provider: PriceCatalogue.canonicalProvider(provider),
                              model: model, tokens: tokens, reportedCost: reported,
                              latencyMs: latencyMs.map { Int64($0.rounded()) },
                              tenant: tenant ?? "", project: project ?? "", user: user ?? "",
                              promptName: prompt?.name, promptVersion: prompt?.version, promptHash: promptHash)
    }

    static func parseTimestamp(_ text: String) throws(CostError) -> Int64 {
        if let millis = Int64(text) { return millis }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) ?? plain.date(from: text) else {
            throw .invalidField("timestamp", "\"\(text)\" is neither ISO 8601 (2026-11-26T10:00:00Z) nor milliseconds since 1970")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// A usage event whose fields were checked, ready for the ledger.
public struct ValidatedUsage: Sendable, Equatable {
    public var requestID: String
    public var atMillis: Int64
    public var provider: String
    public var model: String
    public var tokens: TokenCounts
    public var reportedCost: Money?
    public var latencyMs: Int64?
    public var tenant: String
    public var project: String
    public var user: String
    public var promptName: String?
    public var promptVersion: String?
    public var promptHash: String?

    public var day: Day { Day(unixMillis: atMillis) }
}
