import GRDB

/// How a ledger row's amount was obtained.
public enum Pricing: String, Sendable, Codable {
    /// Computed from the price catalogue.
    case catalogue
    /// The model is not in the catalogue; the caller's `cost_usd` was recorded as given.
    case reported
    /// The model is not in the catalogue and no cost was given: tokens are kept, the amount is zero.
    case unpriced
}

/// One priced usage, ready to be written.
public struct LedgerEntry: Sendable {
    public var usage: ValidatedUsage
    public var cost: Money
    public var currency: String
    public var pricing: Pricing
    public var priceKey: String?
}

/// The dimensions a `daily_spend` row is keyed by.
struct RollupKey: Hashable {
    let day: Int
    let tenant: String
    let project: String
    let user: String
    let provider: String
    let model: String
    let currency: String
}

struct RollupDelta {
    var requests: Int64 = 0
    var unpriced: Int64 = 0
    var input: Int64 = 0
    var cached: Int64 = 0
    var output: Int64 = 0
    var maxInput: Int64 = 0
    var maxOutput: Int64 = 0
    var cost = Money.zero
}

/// Writes batches of entries inside the caller's transaction: one row per new request id, and the
/// batch's per-day totals folded into `daily_spend` with one upsert per distinct key.
enum LedgerWriter {
    /// Returns, per entry, whether it was new (false: its request id was already recorded).
    static func insert(_ entries: [LedgerEntry], into db: Database) throws -> [Bool] {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO ledger (request_id, at_ms, day, tenant, project, user_name, provider, model, price_key,
              input_tokens, cached_input_tokens, output_tokens, cost_nano, cost_sub, currency, pricing, reported_cost,
              latency_ms, prompt_name, prompt_version, prompt_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(request_id) DO NOTHING
            """)
        var inserted: [Bool] = []
        inserted.reserveCapacity(entries.count)
        var deltas: [RollupKey: RollupDelta] = [:]
        for entry in entries {
            let usage = entry.usage
            let amount = try StoredAmount(entry.cost)
            let arguments: [(any DatabaseValueConvertible)?] = [
                usage.requestID, usage.atMillis, usage.day.ordinal, usage.tenant, usage.project, usage.user,
                usage.provider, usage.model, entry.priceKey,
                usage.tokens.input, usage.tokens.cachedInput, usage.tokens.output,
                amount.nanos, amount.sub, entry.currency, entry.pricing.rawValue, usage.reportedCost?.description,
                usage.latencyMs, usage.promptName, usage.promptVersion, usage.promptHash,
            ]
            try insert.execute(arguments: StatementArguments(arguments))
            let isNew = db.changesCount == 1
            inserted.append(isNew)
            guard isNew else { continue }
            let key = RollupKey(day: usage.day.ordinal, tenant: usage.tenant, project: usage.project, user: usage.user,
                                provider: usage.provider, model: usage.model, currency: entry.currency)
            var delta = deltas[key, default: RollupDelta()]
            delta.requests += 1
            if entry.pricing == .unpriced { delta.unpriced += 1 }
            delta.input += Int64(usage.tokens.input)
            delta.cached += Int64(usage.tokens.cachedInput)
            delta.output += Int64(usage.tokens.output)
            delta.maxInput = max(delta.maxInput, Int64(usage.tokens.input))
            delta.maxOutput = max(delta.maxOutput, Int64(usage.tokens.output))
            delta.cost += entry.cost
            deltas[key] = delta
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO daily_spend (day, tenant, project, user_name, provider, model, currency, requests, unpriced,
              input_tokens, cached_input_tokens, output_tokens, max_input_tokens, max_output_tokens, cost_nano, cost_sub)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (day, tenant, project, user_name, provider, model, currency) DO UPDATE SET
              requests = requests + excluded.requests, unpriced = unpriced + excluded.unpriced,
              input_tokens = input_tokens + excluded.input_tokens,
              cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
              output_tokens = output_tokens + excluded.output_tokens,
              max_input_tokens = max(max_input_tokens, excluded.max_input_tokens),
              max_output_tokens = max(max_output_tokens, excluded.max_output_tokens),
              cost_nano = cost_nano + excluded.cost_nano, cost_sub = cost_sub + excluded.cost_sub
            """)
        for (key, delta) in deltas {
            let amount = try StoredAmount(delta.cost)
            try upsert.execute(arguments: [key.day, key.tenant, key.project, key.user, key.provider, key.model, key.currency,
                                           delta.requests, delta.unpriced, delta.input, delta.cached, delta.output,
                                           delta.maxInput, delta.maxOutput, amount.nanos, amount.sub])
        }
        return inserted
    }
}
