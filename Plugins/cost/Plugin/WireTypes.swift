import CostCore

/// Request and reply bodies of the capabilities that have no Core type of their own.

struct NoArguments: Decodable, Sendable {}

/// `cost.record`: one usage, or `{"records": [...]}`.
struct RecordRequest: Decodable, Sendable {
    let records: [UsageEvent]
    let isBatch: Bool

    enum CodingKeys: String, CodingKey { case records }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.records) {
            records = try container.decode([UsageEvent].self, forKey: .records)
            isBatch = true
        } else {
            records = [try UsageEvent(from: decoder)]
            isBatch = false
        }
    }
}

struct RecordResult: Encodable, Sendable {
    let requestID: String
    /// `recorded`, `duplicate` or `rejected`.
    let status: String
    let cost: Money?
    let currency: String?
    let pricing: String?
    let priceModel: String?
    let error: String?

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", status, cost, currency, pricing, priceModel = "price_model", error
    }

    init(requestID: String, outcome: RecordOutcome) {
        self.requestID = requestID
        switch outcome {
        case .recorded(let cost, let currency, let pricing, let key):
            (status, self.cost, self.currency, self.pricing, priceModel, error) = ("recorded", cost, currency, pricing.rawValue, key, nil)
        case .duplicate:
            (status, cost, currency, pricing, priceModel, error) = ("duplicate", nil, nil, nil, nil, nil)
        case .rejected(let reason):
            (status, cost, currency, pricing, priceModel, error) = ("rejected", nil, nil, nil, nil, reason.description)
        }
    }
}

struct RecordBatchReply: Encodable, Sendable {
    let results: [RecordResult]
    let recorded: Int
    let duplicates: Int
    let rejected: Int
}

/// `cost.price`: a model's price on a day, and optionally the cost of some tokens.
struct PriceRequest: Decodable, Sendable {
    let model: String
    let provider: String?
    let date: Day?
    let inputTokens: Int?
    let outputTokens: Int?
    let cachedInputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case model, provider, date, inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cachedInputTokens = "cached_input_tokens"
    }
}

struct PriceReply: Encodable, Sendable {
    let price: ModelPrice
    let estimatedCost: Money?
    /// Every dated version of this model's price.
    let history: [HistoryEntry]

    struct HistoryEntry: Encodable, Sendable {
        let effectiveFrom: Day
        let rates: TokenRates
        let source: String
        enum CodingKeys: String, CodingKey { case effectiveFrom = "effective_from", rates, source }
    }

    enum CodingKeys: String, CodingKey { case price, estimatedCost = "estimated_cost", history }
}

/// `cost.budgets.set`: a budget, or `{"remove": "project:alpha:month"}`.
struct BudgetSetRequest: Decodable, Sendable {
    let budget: Budget?
    let remove: String?

    enum CodingKeys: String, CodingKey { case remove }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        remove = try container.decodeIfPresent(String.self, forKey: .remove)
        budget = remove == nil ? try Budget(from: decoder) : nil
    }
}

struct BudgetSetReply: Encodable, Sendable {
    let budget: BudgetStatus?
    let removed: String?
}

struct BudgetListReply: Encodable, Sendable {
    let budgets: [BudgetStatus]
}

struct ForecastRequest: Decodable, Sendable {
    let budgetID: String?
    enum CodingKeys: String, CodingKey { case budgetID = "budget_id" }
}

struct ForecastReply: Encodable, Sendable {
    let forecasts: [BudgetForecast]
    let method: String
}

struct SuggestionsRequest: Decodable, Sendable {
    let project: String?
}

struct SuggestionsReply: Encodable, Sendable {
    let suggestions: [Suggestion]
    let windowDays: Int
    let totalEstimatedSaving: [String: Money]
    enum CodingKeys: String, CodingKey {
        case suggestions, windowDays = "window_days", totalEstimatedSaving = "total_estimated_saving"
    }
}

/// `cost.prices.import`: a LiteLLM price file by path, or its text.
struct PriceImportRequest: Decodable, Sendable {
    let path: String?
    let content: String?
    let effectiveFrom: Day?
    enum CodingKeys: String, CodingKey { case path, content, effectiveFrom = "effective_from" }
}

struct PriceImportReply: Encodable, Sendable {
    let imported: Int
    let skipped: Int
    let effectiveFrom: Day
    let catalogueModels: Int
    /// The first skipped entries with the reason (all reasons are in the log).
    let skippedExamples: [SkippedEntry]

    struct SkippedEntry: Encodable, Sendable {
        let model: String
        let reason: String
    }

    enum CodingKeys: String, CodingKey {
        case imported, skipped, effectiveFrom = "effective_from", catalogueModels = "catalogue_models"
        case skippedExamples = "skipped_examples"
    }
}
