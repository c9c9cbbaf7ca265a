import AIPluginKit
import CostCore

/// An `llm.usage` payload of the usual shape, read by the kit's `LLMUsagePayload` without
/// Codable; nil sends the payload through Codable, which also names the field of every error.
enum UsageEventReader {
    static func read(_ payload: [UInt8]) -> UsageEvent? {
        // The ledger needs a request id; Codable says so when it is missing.
        guard let fields = LLMUsagePayload.read(payload), let requestID = fields.requestID else { return nil }
        return UsageEvent(provider: fields.provider, model: fields.model, inputTokens: fields.inputTokens, outputTokens: fields.outputTokens,
                          cachedInputTokens: fields.cachedInputTokens, costUSD: fields.costUSD,
                          latencyMs: fields.latencyMs.map(Double.init), project: fields.project, user: fields.user,
                          tenant: fields.tenant, requestID: requestID,
                          prompt: fields.prompt.map { UsageEvent.PromptReference(name: $0.name, version: $0.version.map { String($0) }) },
                          promptHash: fields.promptHash, timestamp: fields.timestamp)
    }
}
