import AIPluginKit
import PromptCore

/// Reads an `llm.usage` payload of the usual shape straight from its bytes, the fields this
/// plugin keeps (and the gateway's `prompt_hash` and `timestamp`, checked and left out).
///
/// Every request that goes through the gateway publishes one; through Codable its decoding cost
/// ten times this reader's work. A payload this reader does not expect (an unknown or repeated
/// field, a value of another type, a fractional number) makes it answer nil and the event is
/// decoded through Codable, which accepts every valid event and names the field of every error:
/// so this is only a fast path, never a second set of rules.
enum UsageEventReader {
    static func read(_ payload: [UInt8]) -> LLMUsageEvent? {
        payload.withUnsafeBytes { bytes in
            var reader = JSONPullReader(bytes)
            return read(&reader)
        }
    }

    /// The payload's fields, in the order of `names`.
    private enum Field: Int {
        case provider, model, inputTokens, outputTokens, requestID, cachedInputTokens, costUSD, latencyMs
        case project, user, tenant, promptHash, timestamp, prompt
    }

    private static let names = JSONKeyTable([
        "provider", "model", "input_tokens", "output_tokens", "request_id", "cached_input_tokens", "cost_usd", "latency_ms",
        "project", "user", "tenant", "prompt_hash", "timestamp", "prompt",
    ])

    private static func read(_ reader: inout JSONPullReader) -> LLMUsageEvent? {
        guard reader.beginObject() else { return nil }
        var provider: String?, model: String?, requestID: String?
        var inputTokens: Int?, outputTokens: Int?, cachedInputTokens: Int?
        var costUSD: String?, latencyMs: Double?, project: String?, user: String?, tenant: String?
        var prompt: LLMUsageEvent.PromptReference?
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
            case .requestID: if !reader.null() { requestID = reader.string() }
            case .cachedInputTokens: if !reader.null() { cachedInputTokens = reader.integer() }
            case .costUSD: if !reader.null() { costUSD = reader.string() }
            case .latencyMs: if !reader.null() { latencyMs = reader.integer().map(Double.init) }
            case .project: if !reader.null() { project = reader.string() }
            case .user: if !reader.null() { user = reader.string() }
            case .tenant: if !reader.null() { tenant = reader.string() }
            // Not kept here, but checked as Codable would have to find them acceptable.
            case .promptHash, .timestamp: if !reader.null() { _ = reader.string() }
            case .prompt:
                if !reader.null() {
                    guard let reference = promptReference(&reader) else { return nil }
                    prompt = reference
                }
            }
            if reader.failed { return nil }
        }
        guard reader.atEnd(), let provider, let model, let inputTokens, let outputTokens else { return nil }
        return LLMUsageEvent(provider: provider, model: model, inputTokens: inputTokens, outputTokens: outputTokens,
                             cachedInputTokens: cachedInputTokens, costUsd: costUSD, latencyMs: latencyMs, project: project,
                             user: user, tenant: tenant, requestId: requestID, prompt: prompt)
    }

    /// `{"name": "…", "version": 3}`.
    private static func promptReference(_ reader: inout JSONPullReader) -> LLMUsageEvent.PromptReference? {
        guard reader.beginObject() else { return nil }
        var name: String?
        var version: Int?
        while let key = reader.nextKey() {
            switch key {
            case "name" where name == nil: name = reader.string()
            case "version" where version == nil: version = reader.integer()
            default: return nil
            }
            if reader.failed { return nil }
        }
        guard let name, let version else { return nil }
        return LLMUsageEvent.PromptReference(name: name, version: version)
    }
}
