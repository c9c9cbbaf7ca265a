/// The fields of an `llm.usage` event (published by the gateway for every upstream call, read by
/// the cost and prompt plugins), read straight from the payload's bytes.
///
/// A subscriber decodes one of these per request on the publisher's thread; through Codable that
/// cost ten times this reader's work. A payload of a shape this reader does not expect (an unknown
/// or repeated field, a value of another type, a fractional number) makes `read` answer nil, and
/// the subscriber decodes it through Codable, which accepts every valid event and names the field
/// of every error: so this is only a fast path, never a second set of rules.
public struct LLMUsagePayload: Sendable, Equatable {
    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var outputTokens: Int
    /// Nil when absent or null, as for every optional field below.
    public var requestID: String?
    public var cachedInputTokens: Int?
    public var costUSD: String?
    /// Whole milliseconds only (a fraction sends the payload to Codable).
    public var latencyMs: Int?
    public var project: String?
    public var user: String?
    public var tenant: String?
    public var promptHash: String?
    public var timestamp: String?
    public var prompt: PromptReference?

    /// `{"name": "…", "version": 3}`; the version may be null or absent.
    public struct PromptReference: Sendable, Equatable {
        public var name: String
        public var version: Int?

        public init(name: String, version: Int?) {
            self.name = name
            self.version = version
        }
    }

    public static func read(_ payload: [UInt8]) -> LLMUsagePayload? {
        payload.withUnsafeBytes { bytes in
            var reader = JSONPullReader(bytes)
            return read(&reader)
        }
    }

    /// The payload's fields, in the order of `names`.
    private enum Field: Int {
        case provider, model, requestID, inputTokens, outputTokens, cachedInputTokens, costUSD, latencyMs
        case project, user, tenant, promptHash, timestamp, prompt
    }

    private static let names = JSONKeyTable([
        "provider", "model", "request_id", "input_tokens", "output_tokens", "cached_input_tokens", "cost_usd", "latency_ms",
        "project", "user", "tenant", "prompt_hash", "timestamp", "prompt",
    ])

    private static func read(_ reader: inout JSONPullReader) -> LLMUsagePayload? {
        guard reader.beginObject() else { return nil }
        var provider: String?, model: String?, inputTokens: Int?, outputTokens: Int?
        var fields = LLMUsagePayload(provider: "", model: "", inputTokens: 0, outputTokens: 0)
        var seen = 0
        while let index = reader.nextKey(in: names) {
            // An unknown or repeated field: left to Codable.
            guard let field = Field(rawValue: index), seen & (1 << index) == 0 else { return nil }
            seen |= 1 << index
            switch field {
            case .provider: provider = reader.string()
            case .model: model = reader.string()
            case .inputTokens: inputTokens = reader.integer()
            case .outputTokens: outputTokens = reader.integer()
            case .requestID: if !reader.null() { fields.requestID = reader.string() }
            case .cachedInputTokens: if !reader.null() { fields.cachedInputTokens = reader.integer() }
            case .costUSD: if !reader.null() { fields.costUSD = reader.string() }
            case .latencyMs: if !reader.null() { fields.latencyMs = reader.integer() }
            case .project: if !reader.null() { fields.project = reader.string() }
            case .user: if !reader.null() { fields.user = reader.string() }
            case .tenant: if !reader.null() { fields.tenant = reader.string() }
            case .promptHash: if !reader.null() { fields.promptHash = reader.string() }
            case .timestamp: if !reader.null() { fields.timestamp = reader.string() }
            case .prompt:
                if !reader.null() {
                    guard let reference = promptReference(&reader) else { return nil }
                    fields.prompt = reference
                }
            }
            if reader.failed { return nil }
        }
        guard reader.atEnd(), let provider, let model, let inputTokens, let outputTokens else { return nil }
        fields.provider = provider
        fields.model = model
        fields.inputTokens = inputTokens
        fields.outputTokens = outputTokens
        return fields
    }

    private static func promptReference(_ reader: inout JSONPullReader) -> PromptReference? {
        guard reader.beginObject() else { return nil }
        var name: String?
        var version: Int?
        var versionSeen = false
        while let key = reader.nextKey() {
            switch key {
            case "name" where name == nil: name = reader.string()
            case "version" where !versionSeen:
                versionSeen = true
                if !reader.null() { version = reader.integer() }
            default: return nil
            }
            if reader.failed { return nil }
        }
        guard let name else { return nil }
        return PromptReference(name: name, version: version)
    }

    private init(provider: String, model: String, inputTokens: Int, outputTokens: Int) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
