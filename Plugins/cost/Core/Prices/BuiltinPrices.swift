/// The catalogue shipped with the plugin: list prices of OpenAI, Azure OpenAI (global standard
/// deployments), Anthropic and Google Gemini (AI Studio) models, in USD per million tokens as the
/// providers publish them, with the day each price took effect. Operators keep it current by
/// importing LiteLLM's price file (`cost.prices.import`); an imported price of the same model wins
/// from its effective day on.
public enum BuiltinPrices {
    /// key, provider, effective from, input, output, cached input (USD per 1M tokens), max input, max output, mode.
    typealias Row = (key: String, provider: String, from: String, input: String, output: String, cached: String?,
                     maxInput: Int, maxOutput: Int?, mode: String)

    static let rows: [Row] = [
        // OpenAI
        ("gpt-4o", "openai", "2024-05-13", "5.00", "15.00", nil, 128_000, 4_096, "chat"),
        ("gpt-4o", "openai", "2024-10-01", "2.50", "10.00", "1.25", 128_000, 16_384, "chat"),
        ("gpt-4o-mini", "openai", "2024-07-18", "0.15", "0.60", "0.075", 128_000, 16_384, "chat"),
        ("gpt-4.1", "openai", "2025-04-14", "2.00", "8.00", "0.50", 1_047_576, 32_768, "chat"),
        ("gpt-4.1-mini", "openai", "2025-04-14", "0.40", "1.60", "0.10", 1_047_576, 32_768, "chat"),
        ("gpt-4.1-nano", "openai", "2025-04-14", "0.10", "0.40", "0.025", 1_047_576, 32_768, "chat"),
        ("gpt-4-turbo", "openai", "2024-04-09", "10.00", "30.00", nil, 128_000, 4_096, "chat"),
        ("gpt-3.5-turbo", "openai", "2024-01-25", "0.50", "1.50", nil, 16_385, 4_096, "chat"),
        ("o1", "openai", "2024-12-17", "15.00", "60.00", "7.50", 200_000, 100_000, "chat"),
        ("o3", "openai", "2025-04-16", "10.00", "40.00", "2.50", 200_000, 100_000, "chat"),
        ("o3", "openai", "2025-06-10", "2.00", "8.00", "0.50", 200_000, 100_000, "chat"),
        ("o3-mini", "openai", "2025-01-31", "1.10", "4.40", "0.55", 200_000, 100_000, "chat"),
        ("o4-mini", "openai", "2025-04-16", "1.10", "4.40", "0.275", 200_000, 100_000, "chat"),
        ("gpt-5", "openai", "2025-08-07", "1.25", "10.00", "0.125", 272_000, 128_000, "chat"),
        ("gpt-5-mini", "openai", "2025-08-07", "0.25", "2.00", "0.025", 272_000, 128_000, "chat"),
        ("gpt-5-nano", "openai", "2025-08-07", "0.05", "0.40", "0.005", 272_000, 128_000, "chat"),
        ("text-embedding-3-small", "openai", "2024-01-25", "0.02", "0", nil, 8_191, nil, "embedding"),
        ("text-embedding-3-large", "openai", "2024-01-25", "0.13", "0", nil, 8_191, nil, "embedding"),
        // Azure OpenAI (global standard deployments bill at OpenAI's list price)
        ("azure/gpt-4o", "azure", "2024-10-01", "2.50", "10.00", "1.25", 128_000, 16_384, "chat"),
        ("azure/gpt-4o-mini", "azure", "2024-07-18", "0.15", "0.60", "0.075", 128_000, 16_384, "chat"),
        ("azure/gpt-4.1", "azure", "2025-04-14", "2.00", "8.00", "0.50", 1_047_576, 32_768, "chat"),
        ("azure/gpt-4.1-mini", "azure", "2025-04-14", "0.40", "1.60", "0.10", 1_047_576, 32_768, "chat"),
        ("azure/gpt-4.1-nano", "azure", "2025-04-14", "0.10", "0.40", "0.025", 1_047_576, 32_768, "chat"),
        ("azure/o3-mini", "azure", "2025-01-31", "1.10", "4.40", "0.55", 200_000, 100_000, "chat"),
        ("azure/gpt-5", "azure", "2025-08-07", "1.25", "10.00", "0.125", 272_000, 128_000, "chat"),
        ("azure/gpt-35-turbo", "azure", "2024-01-25", "0.50", "1.50", nil, 4_097, 4_096, "chat"),
        // Anthropic
        ("claude-3-haiku-20240307", "anthropic", "2024-03-07", "0.25", "1.25", "0.03", 200_000, 4_096, "chat"),
        ("claude-3-opus-20240229", "anthropic", "2024-02-29", "15.00", "75.00", "1.50", 200_000, 4_096, "chat"),
        ("claude-3-5-haiku-20241022", "anthropic", "2024-10-22", "0.80", "4.00", "0.08", 200_000, 8_192, "chat"),
        ("claude-3-5-sonnet-20241022", "anthropic", "2024-10-22", "3.00", "15.00", "0.30", 200_000, 8_192, "chat"),
        ("claude-3-7-sonnet-20250219", "anthropic", "2025-02-24", "3.00", "15.00", "0.30", 200_000, 128_000, "chat"),
        ("claude-sonnet-4-20250514", "anthropic", "2025-05-22", "3.00", "15.00", "0.30", 200_000, 64_000, "chat"),
        ("claude-opus-4-20250514", "anthropic", "2025-05-22", "15.00", "75.00", "1.50", 200_000, 32_000, "chat"),
        ("claude-opus-4-1-20250805", "anthropic", "2025-08-05", "15.00", "75.00", "1.50", 200_000, 32_000, "chat"),
        ("claude-sonnet-4-5", "anthropic", "2025-09-29", "3.00", "15.00", "0.30", 200_000, 64_000, "chat"),
        ("claude-haiku-4-5", "anthropic", "2025-10-15", "1.00", "5.00", "0.10", 200_000, 64_000, "chat"),
        ("claude-opus-4-5", "anthropic", "2025-11-24", "5.00", "25.00", "0.50", 200_000, 64_000, "chat"),
        // Google Gemini (AI Studio)
        ("gemini/gemini-1.5-flash", "gemini", "2024-10-01", "0.075", "0.30", "0.01875", 1_048_576, 8_192, "chat"),
        ("gemini/gemini-1.5-pro", "gemini", "2024-10-01", "1.25", "5.00", "0.3125", 2_097_152, 8_192, "chat"),
        ("gemini/gemini-2.0-flash", "gemini", "2025-02-05", "0.10", "0.40", "0.025", 1_048_576, 8_192, "chat"),
        ("gemini/gemini-2.0-flash-lite", "gemini", "2025-02-25", "0.075", "0.30", nil, 1_048_576, 8_192, "chat"),
        ("gemini/gemini-2.5-pro", "gemini", "2025-06-17", "1.25", "10.00", "0.125", 1_048_576, 65_536, "chat"),
        ("gemini/gemini-2.5-flash", "gemini", "2025-06-17", "0.30", "2.50", "0.03", 1_048_576, 65_536, "chat"),
        ("gemini/gemini-2.5-flash-lite", "gemini", "2025-07-22", "0.10", "0.40", "0.01", 1_048_576, 65_536, "chat"),
    ]

    /// Prices for prompts above 128k / 200k input tokens (Gemini bills the whole request at them).
    static let thresholds: [String: ThresholdRow] = [
        "gemini/gemini-1.5-flash": ThresholdRow(above: 128_000, input: "0.15", output: "0.60", cached: "0.0375"),
        "gemini/gemini-1.5-pro": ThresholdRow(above: 128_000, input: "2.50", output: "10.00", cached: "0.625"),
        "gemini/gemini-2.5-pro": ThresholdRow(above: 200_000, input: "2.50", output: "15.00", cached: "0.25"),
    ]

    struct ThresholdRow {
        let above: Int
        let input: String
        let output: String
        let cached: String
    }

    /// The built-in prices. The table above is checked by the tests (every row parses, every day is
    /// a date), so the force-free fallbacks below never trigger.
    public static var prices: [ModelPrice] {
        rows.compactMap { row -> ModelPrice? in
            guard let day = Day(iso: row.from), let input = perToken(row.input), let output = perToken(row.output) else {
                return nil
            }
            let threshold = thresholds[row.key].flatMap { threshold -> ThresholdRates? in
                guard let input = perToken(threshold.input), let output = perToken(threshold.output),
                      let cached = perToken(threshold.cached) else { return nil }
                return ThresholdRates(aboveInputTokens: threshold.above, input: input, output: output, cachedInput: cached)
            }
            return ModelPrice(key: row.key, provider: row.provider, effectiveFrom: day, currency: "USD",
                              rates: TokenRates(input: input, output: output, cachedInput: row.cached.flatMap(perToken)),
                              thresholds: threshold.map { [$0] } ?? [], maxInputTokens: row.maxInput,
                              maxOutputTokens: row.maxOutput, mode: row.mode, source: "builtin")
        }
    }

    /// USD per million tokens as text → exact USD per token.
    static func perToken(_ perMillion: String) -> Money? {
        (try? Money(parsing: perMillion))?.scaled(by: 1, over: 1_000_000)
    }
}
