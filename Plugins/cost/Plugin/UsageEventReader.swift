import AIPluginKit
import CostCore

/// Reads an `llm.usage` payload of the usual shape straight from its bytes.
///
/// The event is decoded on the publisher's thread (the gateway's request) for every request;
/// through Codable that took ten times the work of this reader. A payload this reader does not
/// expect (an unknown or repeated field, a value of another type, a fractional number) makes it
/// answer nil, and the subscriber decodes it through Codable, which accepts every valid event and
/// names the field of every error: so this is only a fast path, never a second set of rules.
enum UsageEventReader {
    static func read(_ payload: [UInt8]) -> UsageEvent? {
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

    private static func read(_ reader: inout JSONPullReader) -> UsageEvent? {
        guard reader.beginObject() else { return nil }
        var provider: String?, model: String?, requestID: String?
        var inputTokens: Int?, outputTokens: Int?, cachedInputTokens: Int?
        var costUSD: String?, latencyMs: Double?, project: String?, user: String?, tenant: String?
        var prompt: UsageEvent.PromptReference?, promptHash: String?, timestamp: String?
        var seen = 0
        while let index = reader.nextKey(in: names) {
            // An unknown or repeated field: left to Codable.
            guard let field = Field(rawValue: index), seen & (1 << index) == 0 else { return nil }
            seen |= 1 << index
            switch field {
            case .provider: provider = reader.string()
            case .model: model = reader.string()
            case .requestID: requestID = reader.string()
            case .inputTokens: inputTokens = reader.integer()
            case .outputTokens: outputTokens = reader.integer()
            case .cachedInputTokens: if !reader.null() { cachedInputTokens = reader.integer() }
            case .costUSD: if !reader.null() { costUSD = reader.string() }
            case .latencyMs: if !reader.null() { latencyMs = reader.integer().map(Double.init) }
            case .project: if !reader.null() { project = reader.string() }
            case .user: if !reader.null() { user = reader.string() }
            case .tenant: if !reader.null() { tenant = reader.string() }
            case .promptHash: if !reader.null() { promptHash = reader.string() }
            case .timestamp: if !reader.null() { timestamp = reader.string() }
            case .prompt:
                if !reader.null() {
                    guard let reference = promptReference(&reader) else { return nil }
                    prompt = reference
                }
            }
            if reader.failed { return nil }
        }
        guard reader.atEnd(), let provider, let model, let requestID, let inputTokens, let outputTokens else { return nil }
        return UsageEvent(provider: provider, model: model, inputTokens: inputTokens, outputTokens: outputTokens,
                          cachedInputTokens: cachedInputTokens, costUSD: costUSD, latencyMs: latencyMs, project: project, user: user,
                          tenant: tenant, requestID: requestID, prompt: prompt, promptHash: promptHash, timestamp: timestamp)
    }

    /// `{"name": "…", "version": 3}` (the version may also be a string or absent).
    private static func promptReference(_ reader: inout JSONPullReader) -> UsageEvent.PromptReference? {
        guard reader.beginObject() else { return nil }
        var name: String?
        var version: String?
        var versionSeen = false
        while let key = reader.nextKey() {
            switch key {
            case "name" where name == nil: name = reader.string()
            case "version" where !versionSeen:
                versionSeen = true
                if !reader.null() { version = reader.integer().map { String($0) } }
            default: return nil
            }
            if reader.failed { return nil }
        }
        guard let name else { return nil }
        return UsageEvent.PromptReference(name: name, version: version)
    }
}
