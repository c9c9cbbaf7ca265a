/// Per-token rates of one pricing tier. A missing cached-input rate means cached tokens cost the
/// input rate (what providers without a cache discount bill, and what LiteLLM assumes).
public struct TokenRates: Sendable, Hashable, Codable {
    public var input: Money
    public var output: Money
    public var cachedInput: Money?

    public init(input: Money, output: Money, cachedInput: Money? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }

    enum CodingKeys: String, CodingKey {
        case input = "input_per_token", output = "output_per_token", cachedInput = "cached_input_per_token"
    }
}

/// Rates that replace the base rates for a whole request once its input tokens pass a threshold
/// (Gemini's "above 200k tokens" prices). Missing fields keep the rate of the tier below.
public struct ThresholdRates: Sendable, Hashable, Codable {
    public var aboveInputTokens: Int
    public var input: Money?
    public var output: Money?
    public var cachedInput: Money?

    public init(aboveInputTokens: Int, input: Money? = nil, output: Money? = nil, cachedInput: Money? = nil) {
        self.aboveInputTokens = aboveInputTokens
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }

    enum CodingKeys: String, CodingKey {
        case aboveInputTokens = "above_input_tokens", input = "input_per_token", output = "output_per_token"
        case cachedInput = "cached_input_per_token"
    }
}

/// One row of a range table (Alibaba's `tiered_pricing`): a request whose input tokens fall in
/// `(from, to]` is billed entirely at this row's rates.
public struct RangeRates: Sendable, Hashable, Codable {
    public var fromInputTokens: Int
    public var toInputTokens: Int
    public var input: Money
    public var output: Money?
    public var cachedInput: Money?

    public init(fromInputTokens: Int, toInputTokens: Int, input: Money, output: Money? = nil, cachedInput: Money? = nil) {
        self.fromInputTokens = fromInputTokens
        self.toInputTokens = toInputTokens
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }

    enum CodingKeys: String, CodingKey {
        case fromInputTokens = "from_input_tokens", toInputTokens = "to_input_tokens"
        case input = "input_per_token", output = "output_per_token", cachedInput = "cached_input_per_token"
    }
}

/// The price of one model from one date on.
public struct ModelPrice: Sendable, Hashable, Codable {
    /// The catalogue key, LiteLLM style: `gpt-4o`, `azure/gpt-4o`, `gemini/gemini-2.0-flash`.
    public var key: String
    /// Canonical provider: `openai`, `anthropic`, `azure`, `gemini`, `vertex_ai`, …
    public var provider: String
    /// First UTC day (days since 1970-01-01) on which this price applies.
    public var effectiveFrom: Day
    public var currency: String
    public var rates: TokenRates
    /// Ascending by threshold.
    public var thresholds: [ThresholdRates]
    /// Whether a request of exactly the threshold already gets the higher rates (xAI bills so).
    public var inclusiveThresholds: Bool
    public var ranges: [RangeRates]
    public var maxInputTokens: Int?
    public var maxOutputTokens: Int?
    /// `chat`, `completion`, `embedding`, `responses`, …
    public var mode: String?
    /// Where the price came from: `builtin`, or the file it was imported from.
    public var source: String

    public init(key: String, provider: String, effectiveFrom: Day, currency: String = "USD", rates: TokenRates,
                thresholds: [ThresholdRates] = [], inclusiveThresholds: Bool = false, ranges: [RangeRates] = [],
                maxInputTokens: Int? = nil, maxOutputTokens: Int? = nil, mode: String? = "chat", source: String = "builtin") {
        self.key = key
        self.provider = provider
        self.effectiveFrom = effectiveFrom
        self.currency = currency
        self.rates = rates
        self.thresholds = thresholds.sorted { $0.aboveInputTokens < $1.aboveInputTokens }
        self.inclusiveThresholds = inclusiveThresholds
        self.ranges = ranges
        self.maxInputTokens = maxInputTokens
        self.maxOutputTokens = maxOutputTokens
        self.mode = mode
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case key = "model", provider, effectiveFrom = "effective_from", currency, rates, thresholds
        case inclusiveThresholds = "inclusive_thresholds", ranges, maxInputTokens = "max_input_tokens"
        case maxOutputTokens = "max_output_tokens", mode, source
    }

    /// The rates that bill a request with `inputTokens` input tokens (all of it: tiers are not graduated).
    public func effectiveRates(inputTokens: Int) -> TokenRates {
        if let range = selectRange(inputTokens: inputTokens) {
            return TokenRates(input: range.input, output: range.output ?? rates.output,
                              cachedInput: range.cachedInput ?? range.input)
        }
        var chosen = rates
        for threshold in thresholds
        where inputTokens > threshold.aboveInputTokens || (inclusiveThresholds && inputTokens == threshold.aboveInputTokens) {
            chosen.input = threshold.input ?? chosen.input
            chosen.output = threshold.output ?? chosen.output
            chosen.cachedInput = threshold.cachedInput ?? chosen.cachedInput
        }
        return chosen
    }

    private func selectRange(inputTokens: Int) -> RangeRates? {
        guard !ranges.isEmpty, inputTokens > 0 else { return nil }
        let sorted = ranges.sorted { $0.fromInputTokens < $1.fromInputTokens }
        return sorted.first { $0.fromInputTokens < inputTokens && inputTokens <= $0.toInputTokens } ?? sorted.last
    }

    /// The exact cost of a request. `cachedInputTokens` are part of `inputTokens` (OpenAI's
    /// convention) and are billed at the cached rate; the rest of the input at the input rate.
    public func cost(_ tokens: TokenCounts) -> Money {
        let chosen = effectiveRates(inputTokens: tokens.input)
        let uncached = tokens.input - tokens.cachedInput
        return chosen.input * uncached + (chosen.cachedInput ?? chosen.input) * tokens.cachedInput
            + chosen.output * tokens.output
    }
}

/// Token counts of one request, validated.
public struct TokenCounts: Sendable, Hashable {
    public var input: Int
    public var cachedInput: Int
    public var output: Int

    /// Larger counts are refused as absurd: no model today takes a hundred million tokens in one request.
    public static let maximumPerRequest = 100_000_000

    public init(input: Int, output: Int, cachedInput: Int = 0) throws(CostError) {
        for (field, value) in [("input_tokens", input), ("output_tokens", output), ("cached_input_tokens", cachedInput)] {
            if value < 0 { throw CostError.invalidField(field, "must not be negative, got \(value)") }
            if value > Self.maximumPerRequest {
                throw CostError.invalidField(field, "\(value) is absurd (more than \(Self.maximumPerRequest) tokens in one request)")
            }
        }
        guard cachedInput <= input else {
            throw CostError.invalidField("cached_input_tokens",
                                          "\(cachedInput) exceeds input_tokens \(input) (cached tokens are part of the input)")
        }
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
    }
}
