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

/// A `daily_totals` key: one dimension's value on one day.
struct TotalsKey: Hashable {
    let dimension: ReportDimension
    let subject: String
    let currency: String
    let day: Int
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
        var insert = try BoundStatement(db.cachedStatement(sql: """
            INSERT INTO ledger (request_id, at_ms, day, tenant, project, user_name, provider, model, price_key,
              input_tokens, cached_input_tokens, output_tokens, cost_nano, cost_sub, currency, pricing, reported_cost,
              latency_ms, prompt_name, prompt_version, prompt_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(request_id) DO NOTHING
            """), in: db)
        var inserted: [Bool] = []
        inserted.reserveCapacity(entries.count)
        var deltas: [RollupKey: RollupDelta] = [:]
        deltas.reserveCapacity(entries.count)
        var totals: [TotalsKey: RollupDelta] = [:]
        for entry in entries {
            let usage = entry.usage
            let amount = try StoredAmount(entry.cost)
            insert.reset()
            insert.bind(usage.requestID)
            insert.bind(usage.atMillis)
            insert.bind(usage.day.ordinal)
            insert.bind(usage.tenant)
            insert.bind(usage.project)
            insert.bind(usage.user)
            insert.bind(usage.provider)
            insert.bind(usage.model)
            insert.bind(entry.priceKey)
            insert.bind(usage.tokens.input)
            insert.bind(usage.tokens.cachedInput)
            insert.bind(usage.tokens.output)
            insert.bind(amount.nanos)
            insert.bind(amount.sub)
            insert.bind(entry.currency)
            insert.bind(entry.pricing.rawValue)
            insert.bind(usage.reportedCost?.description)
            insert.bind(usage.latencyMs)
            insert.bind(usage.promptName)
            insert.bind(usage.promptVersion)
            insert.bind(usage.promptHash)
            let isNew = try insert.run() == 1
            inserted.append(isNew)
            guard isNew else { continue }
            let key = RollupKey(day: usage.day.ordinal, tenant: usage.tenant, project: usage.project, user: usage.user,
                                provider: usage.provider, model: usage.model, currency: entry.currency)
            deltas[key, default: RollupDelta()].add(entry)
        }
        // Per-dimension totals from the rollup deltas: never more keys than entries, usually far fewer.
        for (key, delta) in deltas {
            for (dimension, subject) in [(ReportDimension.project, key.project), (.user, key.user), (.tenant, key.tenant),
                                         (.model, key.model), (.provider, key.provider)] {
                totals[TotalsKey(dimension: dimension, subject: subject, currency: key.currency, day: key.day),
                       default: RollupDelta()].merge(delta)
            }
        }
        var upsert = try BoundStatement(db.cachedStatement(sql: """
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
            """), in: db)
        for (key, delta) in deltas {
            let amount = try StoredAmount(delta.cost)
            upsert.reset()
            upsert.bind(key.day)
            for text in [key.tenant, key.project, key.user, key.provider, key.model, key.currency] { upsert.bind(text) }
            for value in [delta.requests, delta.unpriced, delta.input, delta.cached, delta.output, delta.maxInput,
                          delta.maxOutput, amount.nanos, amount.sub] { upsert.bind(value) }
            _ = try upsert.run()
        }
        var upsertTotals = try BoundStatement(db.cachedStatement(sql: """
            INSERT INTO daily_totals (dimension, subject, currency, day, requests, unpriced, input_tokens,
              cached_input_tokens, output_tokens, cost_nano, cost_sub)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dimension, subject, currency, day) DO UPDATE SET
              requests = requests + excluded.requests, unpriced = unpriced + excluded.unpriced,
              input_tokens = input_tokens + excluded.input_tokens,
              cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
              output_tokens = output_tokens + excluded.output_tokens,
              cost_nano = cost_nano + excluded.cost_nano, cost_sub = cost_sub + excluded.cost_sub
            """), in: db)
        for (key, delta) in totals {
            let amount = try StoredAmount(delta.cost)
            upsertTotals.reset()
            for text in [key.dimension.rawValue, key.subject, key.currency] { upsertTotals.bind(text) }
            upsertTotals.bind(key.day)
            for value in [delta.requests, delta.unpriced, delta.input, delta.cached, delta.output, amount.nanos, amount.sub] {
                upsertTotals.bind(value)
            }
            _ = try upsertTotals.run()
        }
        return inserted
    }
}

extension RollupDelta {
    mutating func add(_ entry: LedgerEntry) {
        let tokens = entry.usage.tokens
        requests += 1
        if entry.pricing == .unpriced { unpriced += 1 }
        input += Int64(tokens.input)
        cached += Int64(tokens.cachedInput)
        output += Int64(tokens.output)
        maxInput = max(maxInput, Int64(tokens.input))
        maxOutput = max(maxOutput, Int64(tokens.output))
        cost += entry.cost
    }

    mutating func merge(_ other: RollupDelta) {
        requests += other.requests
        unpriced += other.unpriced
        input += other.input
        cached += other.cached
        output += other.output
        maxInput = max(maxInput, other.maxInput)
        maxOutput = max(maxOutput, other.maxOutput)
        cost += other.cost
    }
}
