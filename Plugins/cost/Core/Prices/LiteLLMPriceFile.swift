/// What an import of a price file produced: the prices, and each entry left out with the reason.
public struct PriceImport: Sendable {
    public var prices: [ModelPrice]
    public var skipped: [(key: String, reason: String)]
}

/// Reads LiteLLM's `model_prices_and_context_window.json`: one object per model key with
/// `litellm_provider`, `mode`, `input_cost_per_token`, `output_cost_per_token`,
/// `cache_read_input_token_cost`, `max_input_tokens`, `max_output_tokens`, threshold prices
/// (`input_cost_per_token_above_200k_tokens`, …) and range tables (`tiered_pricing`).
///
/// Numbers are read from their decimal text, never through a double. A field this importer uses
/// that holds the wrong type or a negative price refuses the whole file, naming its line and
/// field, so a half-broken file never half-updates the catalogue. Entries priced in ways a token
/// ledger cannot bill (images, audio seconds, per query) are skipped and listed.
public enum LiteLLMPriceFile {
    /// Modes whose usage is billed per input/output token.
    public static let tokenModes: Set<String> = ["chat", "completion", "responses", "embedding"]

    public static func parse(_ bytes: [UInt8], source: String, effectiveFrom: Day) throws(CostError) -> PriceImport {
        let document: LocatedJSON
        do {
            document = try LocatedJSONReader.parse(bytes)
        } catch {
            throw .malformedPriceFile(source: source, line: error.line, field: "column \(error.column)",
                                      reason: "not valid JSON: \(error.message)")
        }
        guard case .object(let members, _) = document else {
            throw .malformedPriceFile(source: source, line: document.line, field: "(document)",
                                      reason: "expected an object of models, found \(document.typeName)")
        }
        var result = PriceImport(prices: [], skipped: [])
        for (key, value) in members where key != "sample_spec" {
            let entry = EntryReader(source: source, key: key, value: value)
            if let price = try entry.read(effectiveFrom: effectiveFrom, skipped: &result.skipped) {
                result.prices.append(price)
            }
        }
        return result
    }

    /// LiteLLM's provider names, folded to the provider a ledger reports (`vertex_ai-language-models` → `vertex_ai`).
    public static func canonicalProvider(_ name: String) -> String {
        if name.hasPrefix("vertex_ai") { return "vertex_ai" }
        if name == "text-completion-openai" { return "openai" }
        if name == "text-completion-codestral" { return "codestral" }
        return name
    }
}

/// Reads one model entry, with errors that name `key.field` and its line.
private struct EntryReader {
    let source: String
    let key: String
    let value: LocatedJSON

    func fail(_ field: String, _ node: LocatedJSON, _ reason: String) -> CostError {
        .malformedPriceFile(source: source, line: node.line, field: "\(key).\(field)", reason: reason)
    }

    func read(effectiveFrom: Day, skipped: inout [(key: String, reason: String)]) throws(CostError) -> ModelPrice? {
        guard case .object = value else {
            throw .malformedPriceFile(source: source, line: value.line, field: key,
                                      reason: "expected an object, found \(value.typeName)")
        }
        // Entries of other modes price other things (images, queries, seconds) with fields of other
        // shapes, so they are skipped unread. In every entry of a token mode, each field this
        // importer reads is type-checked before the entry can be skipped for another reason, so
        // a malformed entry refuses the file whatever else it says.
        let mode = try string("mode")
        if let mode, !LiteLLMPriceFile.tokenModes.contains(mode) {
            skipped.append((key, "mode '\(mode)' is not billed per token"))
            return nil
        }
        let provider = try string("litellm_provider")
        let ranges = try rangeTable()
        let listedInput = try price("input_cost_per_token", in: value)
        let output = try price("output_cost_per_token", in: value)
        var cachedInput = try price("cache_read_input_token_cost", in: value)
        let allThresholds = try thresholds()
        let maxInput = try integer("max_input_tokens")
        let maxOutput = try integer("max_output_tokens")
        guard let provider else {
            skipped.append((key, "no litellm_provider"))
            return nil
        }
        if value["off_peak_pricing"] != nil {
            // A price that depends on the hour would need the request's time of day; billing it at
            // one rate would be wrong half the day, so such models are left to an explicit catalogue entry.
            skipped.append((key, "time-of-day (off_peak_pricing) rates are not supported"))
            return nil
        }
        guard let input = listedInput ?? ranges.first?.input else {
            skipped.append((key, "no input_cost_per_token"))
            return nil
        }
        if cachedInput == nil, provider == "fireworks_ai" {
            // Fireworks bills cached input at half the input rate when it publishes no cache price
            // (LiteLLM: FIREWORKS_AI_DEFAULT_CACHE_READ_RATE_RATIO).
            cachedInput = input.scaled(by: 1, over: 2)
        }
        let rates = TokenRates(input: input, output: output ?? .zero, cachedInput: cachedInput)
        // Perplexity bills its flat rates whatever the prompt size (LiteLLM's perplexity calculator
        // ignores the `_above_` keys its file carries for the models it resells).
        let thresholds = provider == "perplexity" ? [] : allThresholds
        return ModelPrice(key: key, provider: LiteLLMPriceFile.canonicalProvider(provider), effectiveFrom: effectiveFrom,
                          currency: "USD", rates: rates, thresholds: thresholds, inclusiveThresholds: provider == "xai",
                          ranges: ranges, maxInputTokens: maxInput,
                          maxOutputTokens: maxOutput, mode: mode, source: source)
    }

    func string(_ field: String) throws(CostError) -> String? {
        guard let node = value[field] else { return nil }
        switch node {
        case .null: return nil
        case .string(let text, _): return text
        default: throw fail(field, node, "expected a string, found \(node.typeName)")
        }
    }

    func integer(_ field: String) throws(CostError) -> Int? {
        guard let node = value[field] else { return nil }
        switch node {
        case .null: return nil
        case .number(let text, _):
            return try wholeNumber(text, field, node)
        default:
            // LiteLLM documents these as numbers; some entries carry prose instead. Not a price, so
            // it does not refuse the file: the window is simply unknown.
            return nil
        }
    }

    func wholeNumber(_ text: String, _ field: String, _ node: LocatedJSON) throws(CostError) -> Int {
        guard let amount = try? Money(parsing: text), amount.units % Money.unitsPerWhole == 0, !amount.isNegative,
              amount.units / Money.unitsPerWhole <= Int128(Int.max) else {
            throw fail(field, node, "expected a non-negative whole number, found \(text)")
        }
        return Int(amount.units / Money.unitsPerWhole)
    }

    func price(_ field: String, in object: LocatedJSON, named path: String? = nil) throws(CostError) -> Money? {
        guard let node = object[field] else { return nil }
        let name = path ?? field
        switch node {
        case .null:
            return nil
        case .number(let text, _):
            let amount: Money
            do {
                amount = try Money(parsing: text)
            } catch {
                throw fail(name, node, error.reason)
            }
            guard !amount.isNegative else { throw fail(name, node, "a price must not be negative, found \(text)") }
            return amount
        default:
            throw fail(name, node, "expected a price per token (a number), found \(node.typeName)")
        }
    }

    /// `input_cost_per_token_above_200k_tokens` and its output and cache-read siblings.
    func thresholds() throws(CostError) -> [ThresholdRates] {
        guard case .object(let members, _) = value else { return [] }
        var byThreshold: [Int: ThresholdRates] = [:]
        let prefixes = [("input_cost_per_token_above_", \ThresholdRates.input),
                        ("output_cost_per_token_above_", \ThresholdRates.output),
                        ("cache_read_input_token_cost_above_", \ThresholdRates.cachedInput)]
        for (field, _) in members {
            for (prefix, path) in prefixes where field.hasPrefix(prefix) && field.hasSuffix("_tokens") {
                let middle = field.dropFirst(prefix.count).dropLast("_tokens".count)
                let thousands = middle.hasSuffix("k")
                guard let count = Int(thousands ? middle.dropLast() : middle) else { continue }
                let threshold = thousands ? count * 1000 : count
                guard let rate = try price(field, in: value) else { continue }
                byThreshold[threshold, default: ThresholdRates(aboveInputTokens: threshold)][keyPath: path] = rate
            }
        }
        return byThreshold.values.sorted { $0.aboveInputTokens < $1.aboveInputTokens }
    }

    /// `tiered_pricing`: `[{"range": [0, 256000], "input_cost_per_token": …, "output_cost_per_token": …}]`.
    func rangeTable() throws(CostError) -> [RangeRates] {
        guard let node = value["tiered_pricing"] else { return [] }
        guard case .array(let rows, _) = node else { throw fail("tiered_pricing", node, "expected an array, found \(node.typeName)") }
        var result: [RangeRates] = []
        for (index, row) in rows.enumerated() {
            let name = "tiered_pricing[\(index)]"
            guard case .object = row else { throw fail(name, row, "expected an object, found \(row.typeName)") }
            guard let range = row["range"], case .array(let bounds, _) = range, bounds.count == 2,
                  case .number(let lowText, _) = bounds[0], case .number(let highText, _) = bounds[1] else {
                throw fail(name + ".range", row["range"] ?? row, "expected [from, to] input token counts")
            }
            guard let input = try price("input_cost_per_token", in: row, named: name + ".input_cost_per_token") else {
                // LiteLLM ignores a tier without an input rate; so do we.
                continue
            }
            result.append(RangeRates(fromInputTokens: try wholeNumber(lowText, name + ".range[0]", bounds[0]),
                                     toInputTokens: try wholeNumber(highText, name + ".range[1]", bounds[1]),
                                     input: input,
                                     output: try price("output_cost_per_token", in: row, named: name + ".output_cost_per_token"),
                                     cachedInput: try price("cache_read_input_token_cost", in: row,
                                                            named: name + ".cache_read_input_token_cost")))
        }
        return result
    }
}
