import AIPluginKit
import PromptCore

/// An `llm.usage` payload of the usual shape, read by the kit's `LLMUsagePayload` without
/// Codable; nil sends the payload through Codable, which also names the field of every error.
enum UsageEventReader {
    static func read(_ payload: [UInt8]) -> LLMUsageEvent? {
        guard let fields = LLMUsagePayload.read(payload) else { return nil }
        var prompt: LLMUsageEvent.PromptReference?
        if let reference = fields.prompt {
            // This plugin needs the version; Codable says so when it is missing.
            guard let version = reference.version else { return nil }
            prompt = LLMUsageEvent.PromptReference(name: reference.name, version: version)
        }
        return LLMUsageEvent(provider: fields.provider, model: fields.model, inputTokens: fields.inputTokens,
                             outputTokens: fields.outputTokens, cachedInputTokens: fields.cachedInputTokens, costUsd: fields.costUSD,
                             latencyMs: fields.latencyMs.map(Double.init), project: fields.project, user: fields.user,
                             tenant: fields.tenant, requestId: fields.requestID, prompt: prompt)
    }
}
