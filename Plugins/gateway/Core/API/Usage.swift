import AIPConfig

/// Token counts of one request in OpenAI's convention: `promptTokens` includes the cached ones.
/// Providers report them differently; each adapter converts to this shape.
public struct Usage: Sendable, Equatable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var cachedTokens: Int

    public init(promptTokens: Int = 0, completionTokens: Int = 0, cachedTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
    }

    public var totalTokens: Int { promptTokens + completionTokens }

    /// OpenAI's usage object, cached tokens under `prompt_tokens_details`.
    public var json: JSONValue {
        .object([
            "prompt_tokens": .int(Int64(promptTokens)),
            "completion_tokens": .int(Int64(completionTokens)),
            "total_tokens": .int(Int64(totalTokens)),
            "prompt_tokens_details": .object(["cached_tokens": .int(Int64(cachedTokens))]),
        ])
    }

    /// Reads OpenAI's usage object (also what OpenAI-compatible servers send).
    public init?(openAI value: JSONValue?) {
        guard let value, case .object = value else { return nil }
        promptTokens = Int(value["prompt_tokens"]?.int64Value ?? 0)
        completionTokens = Int(value["completion_tokens"]?.int64Value ?? 0)
        cachedTokens = Int(value["prompt_tokens_details"]?["cached_tokens"]?.int64Value ?? 0)
    }

    /// A rough count for limits and budget checks before the real one is known: four characters
    /// per token, as OpenAI's own rule of thumb.
    public static func estimateTokens(_ text: String) -> Int {
        (text.utf8.count + 3) / 4
    }
}
