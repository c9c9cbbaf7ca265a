import GRDB

public struct SuggestionSettings: Sendable, Codable, Equatable {
    /// Days of history the suggestions look at (ending today).
    public var windowDays: Int = 30
    /// A request with more input tokens than this is "oversized".
    public var oversizedInputTokens: Int = 32_000
    /// A prompt template called at least this often, with a large and mostly uncached input, is a caching candidate.
    public var promptCachingMinimumCalls: Int = 20
    public var promptCachingMinimumInputTokens: Int = 1_024

    public init() {}

    enum CodingKeys: String, CodingKey {
        case windowDays = "window_days", oversizedInputTokens = "oversized_input_tokens"
        case promptCachingMinimumCalls = "prompt_caching_minimum_calls"
        case promptCachingMinimumInputTokens = "prompt_caching_minimum_input_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = SuggestionSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        windowDays = try container.decodeIfPresent(Int.self, forKey: .windowDays) ?? defaults.windowDays
        oversizedInputTokens = try container.decodeIfPresent(Int.self, forKey: .oversizedInputTokens) ?? defaults.oversizedInputTokens
        promptCachingMinimumCalls = try container.decodeIfPresent(Int.self, forKey: .promptCachingMinimumCalls)
            ?? defaults.promptCachingMinimumCalls
        promptCachingMinimumInputTokens = try container.decodeIfPresent(Int.self, forKey: .promptCachingMinimumInputTokens)
            ?? defaults.promptCachingMinimumInputTokens
    }
}

/// A cheaper model for a workload, with what the window would have cost on it.
public struct Alternative: Sendable, Codable, Equatable {
    public var model: String
    public var provider: String
    public var estimatedCost: Money
    public var estimatedSaving: Money

    enum CodingKeys: String, CodingKey {
        case model, provider, estimatedCost = "estimated_cost", estimatedSaving = "estimated_saving"
    }
}

/// One optimisation suggestion with its estimated saving over the window.
public struct Suggestion: Sendable, Codable, Equatable {
    /// `cheaper_model`, `response_cache`, `prompt_caching` or `oversized_prompt`.
    public var kind: String
    public var project: String
    public var model: String
    public var currency: String
    public var detail: String
    public var requests: Int64
    public var currentCost: Money
    public var estimatedSaving: Money
    public var alternatives: [Alternative]?

    enum CodingKeys: String, CodingKey {
        case kind, project, model, currency, detail, requests, currentCost = "current_cost"
        case estimatedSaving = "estimated_saving", alternatives
    }
}

/// Finds savings in the window's usage. Each estimate is what the window's own traffic would have
/// cost less, priced at today's catalogue:
/// - `cheaper_model`: per (project, model) workload, catalogue models of the providers already in
///   use, of the same mode, whose context window and output limit hold the largest request seen,
///   priced for the workload's input, cached and output tokens (at the rates its largest request
///   would get, so tiered prices are not underestimated).
/// - `response_cache`: requests whose `prompt_hash` repeats; every repeat a response cache would
///   answer saves its share of the group's cost.
/// - `prompt_caching`: a prompt template (name and version) called often with large, mostly
///   uncached inputs; the shared prefix is estimated as its smallest input, billed at the cached
///   instead of the input rate on every call but the first.
/// - `oversized_prompt`: requests above `oversized_input_tokens`; the saving is the input beyond
///   that size at the input rate.
enum SuggestionFinder {
    static func find(_ db: Database, catalogue: PriceCatalogue, settings: SuggestionSettings, today: Day,
                     project: String?) throws -> [Suggestion] {
        let window = PeriodInterval(start: today.advanced(by: -(settings.windowDays - 1)), end: today)
        var found = try cheaperModels(db, catalogue: catalogue, window: window, today: today, project: project)
        found += try responseCache(db, window: window, project: project)
        found += try promptCaching(db, catalogue: catalogue, settings: settings, window: window, today: today, project: project)
        found += try oversizedPrompts(db, catalogue: catalogue, settings: settings, window: window, today: today, project: project)
        return found.sorted { $0.estimatedSaving != $1.estimatedSaving ? $0.estimatedSaving > $1.estimatedSaving : $0.kind < $1.kind }
    }

    private static func projectFilter(_ project: String?) -> (String, [any DatabaseValueConvertible]) {
        guard let project else { return ("", []) }
        return (" AND project = ?", [project])
    }

    static func cheaperModels(_ db: Database, catalogue: PriceCatalogue, window: PeriodInterval, today: Day,
                              project: String?) throws -> [Suggestion] {
        let (filter, filterArguments) = projectFilter(project)
        let rows = try Row.fetchAll(db, sql: """
            SELECT project, provider, model, currency, SUM(requests), SUM(input_tokens), SUM(cached_input_tokens),
              SUM(output_tokens), MAX(max_input_tokens), MAX(max_output_tokens), SUM(cost_nano), SUM(cost_sub), SUM(unpriced)
            FROM daily_spend WHERE day BETWEEN ? AND ?\(filter)
            GROUP BY project, provider, model, currency
            """, arguments: StatementArguments([window.start.ordinal, window.end.ordinal] + filterArguments))
        let providersInUse = Set(rows.map { $0[1] as String })
        let candidates = catalogue.allPrices.filter { providersInUse.contains($0.provider) }
        var latest: [String: ModelPrice] = [:]
        for price in candidates where price.effectiveFrom <= today { latest[price.key] = price }
        var found: [Suggestion] = []
        for row in rows {
            let (projectName, provider, model, currency): (String, String, String, String) = (row[0], row[1], row[2], row[3])
            let requests: Int64 = row[4]
            let unpriced: Int64 = row[12]
            guard unpriced == 0, let current = try? catalogue.price(provider: provider, model: model, on: today) else { continue }
            let maxInput: Int = row[8]
            let maxOutput: Int = row[9]
            let actual = StoredAmount.money(nanos: row[10], sub: row[11])
            let input: Int = row[5]
            let cached: Int = row[6]
            let output: Int = row[7]
            var alternatives: [Alternative] = []
            for candidate in latest.values where candidate.key != current.key && candidate.currency == currency
                && candidate.mode == current.mode
                && (candidate.maxInputTokens ?? 0) >= maxInput && (candidate.maxOutputTokens ?? Int.max) >= maxOutput {
                let rates = candidate.effectiveRates(inputTokens: maxInput)
                let cost = rates.input * (input - cached) + (rates.cachedInput ?? rates.input) * cached + rates.output * output
                if cost < actual {
                    alternatives.append(Alternative(model: candidate.key, provider: candidate.provider, estimatedCost: cost,
                                                    estimatedSaving: actual - cost))
                }
            }
            guard !alternatives.isEmpty else { continue }
            // Same provider first (the least disruptive switch), then the largest saving.
            alternatives.sort { lhs, rhs in
                let lhsSame = lhs.provider == provider, rhsSame = rhs.provider == provider
                if lhsSame != rhsSame { return lhsSame }
                return lhs.estimatedSaving != rhs.estimatedSaving ? lhs.estimatedSaving > rhs.estimatedSaving : lhs.model < rhs.model
            }
            let top = Array(alternatives.prefix(3))
            found.append(Suggestion(kind: "cheaper_model", project: projectName, model: current.key, currency: currency,
                                    detail: "\(top[0].model) holds this workload's largest request (\(maxInput) input, \(maxOutput) output tokens) and costs less",
                                    requests: requests, currentCost: actual, estimatedSaving: top[0].estimatedSaving,
                                    alternatives: top))
        }
        return found
    }

    static func responseCache(_ db: Database, window: PeriodInterval, project: String?) throws -> [Suggestion] {
        let (filter, filterArguments) = projectFilter(project)
        let rows = try Row.fetchAll(db, sql: """
            SELECT project, model, currency, COUNT(*), SUM(cost_nano), SUM(cost_sub) FROM ledger
            WHERE day BETWEEN ? AND ? AND prompt_hash IS NOT NULL\(filter)
            GROUP BY project, model, currency, prompt_hash HAVING COUNT(*) > 1
            """, arguments: StatementArguments([window.start.ordinal, window.end.ordinal] + filterArguments))
        var groups: [[String]: (repeats: Int64, requests: Int64, cost: Money, saving: Money)] = [:]
        for row in rows {
            let key: [String] = [row[0], row[1], row[2]]
            let count: Int64 = row[3]
            let cost = StoredAmount.money(nanos: row[4], sub: row[5])
            var group = groups[key] ?? (0, 0, .zero, .zero)
            group.repeats += count - 1
            group.requests += count
            group.cost += cost
            group.saving += cost.scaled(by: Int128(count - 1), over: Int128(count))
            groups[key] = group
        }
        return groups.map { key, group in
            Suggestion(kind: "response_cache", project: key[0], model: key[1], currency: key[2],
                       detail: "\(group.repeats) requests repeated an identical earlier request (same prompt_hash); a response cache would answer them",
                       requests: group.requests, currentCost: group.cost, estimatedSaving: group.saving, alternatives: nil)
        }
    }

    static func promptCaching(_ db: Database, catalogue: PriceCatalogue, settings: SuggestionSettings,
                              window: PeriodInterval, today: Day, project: String?) throws -> [Suggestion] {
        let (filter, filterArguments) = projectFilter(project)
        let rows = try Row.fetchAll(db, sql: """
            SELECT project, provider, model, currency, prompt_name, prompt_version, COUNT(*), MIN(input_tokens),
              SUM(input_tokens), SUM(cached_input_tokens), SUM(cost_nano), SUM(cost_sub)
            FROM ledger WHERE day BETWEEN ? AND ? AND prompt_name IS NOT NULL\(filter)
            GROUP BY project, provider, model, currency, prompt_name, prompt_version
            HAVING COUNT(*) >= ? AND MIN(input_tokens) >= ?
            """, arguments: StatementArguments([window.start.ordinal, window.end.ordinal] + filterArguments
                + [settings.promptCachingMinimumCalls, settings.promptCachingMinimumInputTokens]))
        var found: [Suggestion] = []
        for row in rows {
            let (projectName, provider, model, currency): (String, String, String, String) = (row[0], row[1], row[2], row[3])
            let promptName: String = row[4]
            let version: String? = row[5]
            let calls: Int64 = row[6]
            let prefix: Int = row[7]
            let inputSum: Int64 = row[8]
            let cachedSum: Int64 = row[9]
            // Already mostly cached: nothing to gain.
            guard cachedSum * 10 < inputSum,
                  let price = try? catalogue.price(provider: provider, model: model, on: today) else { continue }
            let rates = price.effectiveRates(inputTokens: prefix)
            guard let cachedRate = rates.cachedInput, cachedRate < rates.input else { continue }
            let saving = (rates.input - cachedRate) * prefix * Int(calls - 1)
            let template = version.map { "\(promptName)@\($0)" } ?? promptName
            found.append(Suggestion(kind: "prompt_caching", project: projectName, model: price.key, currency: currency,
                                    detail: "prompt \(template) was sent \(calls) times with at least \(prefix) input tokens, \(cachedSum) of \(inputSum) cached; provider prompt caching would bill the shared prefix at the cached rate",
                                    requests: calls, currentCost: StoredAmount.money(nanos: row[10], sub: row[11]),
                                    estimatedSaving: saving, alternatives: nil))
        }
        return found
    }

    static func oversizedPrompts(_ db: Database, catalogue: PriceCatalogue, settings: SuggestionSettings,
                                 window: PeriodInterval, today: Day, project: String?) throws -> [Suggestion] {
        let (filter, filterArguments) = projectFilter(project)
        let limit = settings.oversizedInputTokens
        let rows = try Row.fetchAll(db, sql: """
            SELECT project, provider, model, currency, COUNT(*), SUM(input_tokens - ?), SUM(cost_nano), SUM(cost_sub)
            FROM ledger WHERE day BETWEEN ? AND ? AND input_tokens > ?\(filter)
            GROUP BY project, provider, model, currency
            """, arguments: StatementArguments([limit, window.start.ordinal, window.end.ordinal, limit] + filterArguments))
        var found: [Suggestion] = []
        for row in rows {
            let (projectName, provider, model, currency): (String, String, String, String) = (row[0], row[1], row[2], row[3])
            guard let price = try? catalogue.price(provider: provider, model: model, on: today) else { continue }
            let requests: Int64 = row[4]
            let excess: Int = row[5]
            let saving = price.rates.input * excess
            found.append(Suggestion(kind: "oversized_prompt", project: projectName, model: price.key, currency: currency,
                                    detail: "\(requests) requests sent more than \(limit) input tokens (\(excess) beyond it in all); trimming context or retrieving fewer passages would save the excess",
                                    requests: requests, currentCost: StoredAmount.money(nanos: row[6], sub: row[7]),
                                    estimatedSaving: saving, alternatives: nil))
        }
        return found
    }
}
