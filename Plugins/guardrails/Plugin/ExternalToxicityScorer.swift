import AIPluginKit
import GuardrailsCore

/// Toxicity scores from another plugin's `toxicity.score` capability
/// (`{"text": "…"}` → `{"scores": {"insult": 0.1, …}}`), used instead of the built-in lexicon
/// when the config says `"toxicity": {"scorer": "capability"}`.
struct ExternalToxicityScorer: ToxicityScorer {
    let context: PluginContext
    let handle: CapabilityHandle

    struct Request: Encodable { let text: String }
    struct Scores: Decodable { let scores: [String: Double] }

    func scores(for text: String) throws -> [String: Double] {
        try context.call(handle, Request(text: text), as: Scores.self).scores
    }
}
