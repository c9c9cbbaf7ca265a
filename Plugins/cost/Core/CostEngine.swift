import AIPLocking
import Foundation
import GRDB

/// What recording one usage did.
public enum RecordOutcome: Sendable, Equatable {
    case recorded(cost: Money, currency: String, pricing: Pricing, priceKey: String?)
    /// The request id was recorded before: not charged again.
    case duplicate
    case rejected(CostError)
}

/// What a batch produced: one outcome per input, and the events to publish after the commit.
public struct IngestResult: Sendable {
    public var outcomes: [RecordOutcome]
    public var alerts: [BudgetAlert]
    public var anomalies: [CostAnomaly]
}

/// The cost ledger and everything computed from it, over one SQLite file.
///
/// Thread-safe: writes are serialised by GRDB's writer, reads run concurrently (WAL), and the
/// price catalogue and budget list are immutable values swapped under a lock.
public final class CostEngine: Sendable {
    public struct Settings: Sendable {
        public var anomaly = AnomalySettings()
        public var suggestions = SuggestionSettings()
        /// The most the ledger file may grow to; past it writes fail as on a full disk (and the
        /// events wait in the ingest queue). Nil: as large as the disk allows.
        public var maxDatabaseBytes: Int64?
        public init() {}
    }

    private let database: DatabasePool
    private let path: String
    private let settings: Settings
    private let catalogueState: Locked<PriceCatalogue>
    private let budgetState: Locked<[Budget]>

    /// Opens (creating if needed) the store at `path` and loads imported prices and budgets.
    public init(path: String, settings: Settings = Settings()) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL (GRDB's pool) with NORMAL sync: a commit is durable against a crash of the process,
            // and the last commits may be lost only on power failure. 64 MiB of page cache keeps a
            // month of rollups and the hot end of the ledger's indexes in memory.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
            if let limit = settings.maxDatabaseBytes { try SQLiteSizeLimit.apply(limit, to: db) }
        }
        database = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try CostSchema.migrator().migrate(database)
        self.settings = settings
        let (imported, budgets) = try database.read { db -> ([ModelPrice], [Budget]) in
            let decoder = JSONDecoder()
            let prices = try String.fetchAll(db, sql: "SELECT body FROM prices ORDER BY model, effective_from")
                .map { try decoder.decode(ModelPrice.self, from: Data($0.utf8)) }
            let budgets = try String.fetchAll(db, sql: "SELECT body FROM budgets ORDER BY id")
                .map { try decoder.decode(Budget.self, from: Data($0.utf8)) }
            return (prices, budgets)
        }
        catalogueState = Locked(PriceCatalogue(BuiltinPrices.prices + imported))
        budgetState = Locked(budgets)
    }

    public var catalogue: PriceCatalogue { catalogueState.withLock { $0 } }
    public var suggestionWindowDays: Int { settings.suggestions.windowDays }
    public var budgets: [Budget] { budgetState.withLock { $0 } }

    // MARK: Pricing

    /// Prices a validated usage. With `strict`, an unknown model without a reported cost is an
    /// error; otherwise it is kept as an unpriced row (its tokens still count).
    public func price(_ usage: ValidatedUsage, strict: Bool) throws(CostError) -> LedgerEntry {
        var memo = PriceMemo(catalogue: catalogue)
        return try price(usage, strict: strict, memo: &memo)
    }

    func price(_ usage: ValidatedUsage, strict: Bool, memo: inout PriceMemo) throws(CostError) -> LedgerEntry {
        do {
            let price = try memo.price(provider: usage.provider, model: usage.model, on: usage.day)
            return LedgerEntry(usage: usage, cost: price.cost(usage.tokens), currency: price.currency, pricing: .catalogue,
                               priceKey: price.key)
        } catch {
            if let reported = usage.reportedCost {
                return LedgerEntry(usage: usage, cost: reported, currency: "USD", pricing: .reported, priceKey: nil)
            }
            if strict { throw error }
            return LedgerEntry(usage: usage, cost: .zero, currency: "USD", pricing: .unpriced, priceKey: nil)
        }
    }

    // MARK: Recording

    /// Validates, prices and records a batch in one transaction; alerts and anomalies caused by it
    /// are returned for the caller to publish. Bad items are rejected one by one; the rest commit.
    /// With `mark` (the ingest queue's), the mark is stored in the same transaction.
    public func ingest(_ events: [UsageEvent], strict: Bool = false, mark: IngestMark? = nil,
                       nowMillis: Int64 = CostEngine.currentMillis()) throws -> IngestResult {
        var outcomes = [RecordOutcome?](repeating: nil, count: events.count)
        var memo = PriceMemo(catalogue: catalogue)
        var entries: [LedgerEntry] = []
        var positions: [Int] = []
        entries.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            do {
                let usage = try event.validated(defaultMillis: nowMillis)
                entries.append(try price(usage, strict: strict, memo: &memo))
                positions.append(index)
            } catch {
                outcomes[index] = .rejected(error)
            }
        }
        // A row whose amount cannot be stored is rejected before the transaction, so it never aborts the batch.
        var storable: [LedgerEntry] = []
        var storablePositions: [Int] = []
        for (entry, position) in zip(entries, positions) {
            do {
                _ = try StoredAmount(entry.cost)
                storable.append(entry)
                storablePositions.append(position)
            } catch {
                outcomes[position] = .rejected(error)
            }
        }
        let budgets = self.budgets
        let today = Day(unixMillis: nowMillis)
        let (inserted, alerts, anomalies) = try storing {
            try database.write { db in
                let inserted = try LedgerWriter.insert(storable, into: db)
                let written = zip(storable, inserted).filter(\.1).map(\.0)
                let alerts = try BudgetMonitor.newAlerts(db, budgets: budgets, written: written, today: today, nowMillis: nowMillis)
                let anomalies = try AnomalyDetector.detect(db, settings: settings.anomaly, written: written, today: today,
                                                           nowMillis: nowMillis)
                if let mark {
                    try db.cachedStatement(sql: """
                        INSERT INTO ingest_progress (id, run, through) VALUES (1, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET run = excluded.run, through = excluded.through
                        """).execute(arguments: [mark.run, Int64(clamping: mark.through)])
                }
                return (inserted, alerts, anomalies)
            }
        }
        for ((entry, position), isNew) in zip(zip(storable, storablePositions), inserted) {
            outcomes[position] = isNew
                ? .recorded(cost: entry.cost, currency: entry.currency, pricing: entry.pricing, priceKey: entry.priceKey)
                : .duplicate
        }
        return IngestResult(outcomes: outcomes.map { $0 ?? .duplicate }, alerts: alerts, anomalies: anomalies)
    }

    /// Runs a write, naming the file when SQLite refuses it (the transaction is rolled back whole).
    private func storing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw CostError.storage(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    public static func currentMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    // MARK: Budgets

    /// Creates or replaces the budget with the same scope, subject and period.
    @discardableResult
    public func setBudget(_ budget: Budget, nowMillis: Int64 = CostEngine.currentMillis()) throws -> BudgetStatus {
        let checked = try budget.validated()
        let body = String(decoding: try JSONEncoder().encode(checked), as: UTF8.self)
        let status = try database.write { db in
            try db.execute(sql: """
                INSERT INTO budgets (id, body, updated_ms) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms
                """, arguments: [checked.id, body, nowMillis])
            return try BudgetMonitor.status(db, budget: checked, on: Day(unixMillis: nowMillis))
        }
        budgetState.withLock { list in
            list.removeAll { $0.id == checked.id }
            list.append(checked)
            list.sort { $0.id < $1.id }
        }
        return status
    }

    public func removeBudget(id: String) throws {
        let removed = try database.write { db in
            try db.execute(sql: "DELETE FROM budgets WHERE id = ?", arguments: [id])
            return db.changesCount
        }
        guard removed == 1 else { throw CostError.notFound("no budget with id '\(id)'") }
        budgetState.withLock { $0.removeAll { $0.id == id } }
    }

    public func budgetStatuses(nowMillis: Int64 = CostEngine.currentMillis()) throws -> [BudgetStatus] {
        let budgets = self.budgets
        let today = Day(unixMillis: nowMillis)
        return try database.read { db in try budgets.map { try BudgetMonitor.status(db, budget: $0, on: today) } }
    }

    // MARK: Checks

    /// Decides whether a request may be sent: denied when a hard budget of its project, user or
    /// tenant is spent, or would be by the request's estimated cost.
    ///
    /// `pending` gives the ingest queue's events not known to be stored; those past the queue's
    /// stored mark count as spent, so the answer is exact without waiting for a ledger write. It is
    /// only asked for when a budget applies, and before the stored totals are read (an event that
    /// lands in between is then both in the totals and behind the mark: counted once).
    public func check(_ request: CheckRequest, pending: (() -> PendingUsage)? = nil,
                      nowMillis: Int64 = CostEngine.currentMillis()) throws -> CheckDecision {
        let today = Day(unixMillis: nowMillis)
        var estimate: Money?
        var currency = "USD"
        if let model = request.model {
            let tokens = try TokenCounts(input: request.inputTokens ?? 0, output: request.maxOutputTokens ?? 0,
                                         cachedInput: request.cachedInputTokens ?? 0)
            let price = try catalogue.price(provider: request.provider, model: model, on: today)
            estimate = price.cost(tokens)
            currency = price.currency
        }
        let subjects: [Scope: String] = [.project: request.project, .user: request.user, .tenant: request.tenant]
            .compactMapValues { $0 }
        let applicable = budgets.filter { subjects[$0.scope] == $0.subject }
        var statuses: [BudgetStatus] = []
        if !applicable.isEmpty {
            let queued = pending?()
            statuses = try database.read { db in
                var statuses = try applicable.map { try BudgetMonitor.status(db, budget: $0, on: today) }
                if let queued, !queued.isEmpty {
                    let stored = try Row.fetchOne(db, sql: "SELECT run, through FROM ingest_progress WHERE id = 1")
                    let through: UInt64 = stored.flatMap { row in
                        (row["run"] as String) == queued.run ? UInt64(clamping: row["through"] as Int64) : nil
                    } ?? 0
                    addPending(queued.events.lazy.filter { $0.sequence > through }.map(\.item), to: &statuses,
                               nowMillis: nowMillis)
                }
                return statuses
            }
        }
        var denials: [CheckDecision.Denial] = []
        for status in statuses where status.budget.hard {
            let added = status.budget.currency == currency ? (estimate ?? .zero) : .zero
            if status.spent >= status.budget.limit || status.spent + added > status.budget.limit {
                denials.append(CheckDecision.Denial(
                    budgetID: status.id, spent: status.spent, limit: status.budget.limit, estimatedCost: estimate,
                    reason: status.spent >= status.budget.limit
                        ? "hard limit \(status.budget.limit) \(status.budget.currency) of \(status.id) is spent (\(status.spent))"
                        : "this request (about \(added)) would take \(status.id) past its hard limit \(status.budget.limit) \(status.budget.currency); \(status.remaining) left"))
            }
        }
        return CheckDecision(allowed: denials.isEmpty, estimatedCost: estimate, currency: currency, denials: denials,
                             budgets: statuses)
    }

    /// Adds queued events' prices to the statuses whose budget they fall under (the same
    /// subject, currency and period); events that would be rejected on recording count nothing.
    private func addPending(_ events: some Sequence<UsageEvent>, to statuses: inout [BudgetStatus], nowMillis: Int64) {
        var memo = PriceMemo(catalogue: catalogue)
        for event in events {
            guard statuses.contains(where: { $0.budget.scope.subject(of: event) == $0.budget.subject }),
                  let usage = try? event.validated(defaultMillis: nowMillis),
                  let entry = try? price(usage, strict: false, memo: &memo) else { continue }
            for index in statuses.indices {
                let budget = statuses[index].budget
                guard entry.currency == budget.currency, budget.scope.subject(of: usage) == budget.subject,
                      (statuses[index].periodStart...statuses[index].periodEnd).contains(usage.day) else { continue }
                statuses[index].add(entry.cost)
            }
        }
    }

    // MARK: Reports and analysis

    public func report(_ request: ReportRequest, nowMillis: Int64 = CostEngine.currentMillis()) throws -> SpendReport {
        try database.read { db in try ReportBuilder.build(db, request: request, today: Day(unixMillis: nowMillis)) }
    }

    /// Forecasts for every budget, or the one with `budgetID`.
    public func forecast(budgetID: String? = nil, nowMillis: Int64 = CostEngine.currentMillis()) throws -> [BudgetForecast] {
        let chosen = budgets.filter { budgetID == nil || $0.id == budgetID }
        if let budgetID, chosen.isEmpty { throw CostError.notFound("no budget with id '\(budgetID)'") }
        return try database.read { db in try chosen.map { try Forecaster.forecast(db, budget: $0, nowMillis: nowMillis) } }
    }

    public func suggestions(project: String? = nil, nowMillis: Int64 = CostEngine.currentMillis()) throws -> [Suggestion] {
        let catalogue = self.catalogue
        return try database.read { db in
            try SuggestionFinder.find(db, catalogue: catalogue, settings: settings.suggestions,
                                      today: Day(unixMillis: nowMillis), project: project)
        }
    }

    // MARK: Prices

    /// Imports a LiteLLM price file. All or nothing: a malformed file changes nothing.
    public func importPrices(_ bytes: [UInt8], source: String, effectiveFrom: Day,
                             nowMillis: Int64 = CostEngine.currentMillis()) throws -> PriceImport {
        let parsed = try LiteLLMPriceFile.parse(bytes, source: source, effectiveFrom: effectiveFrom)
        let encoder = JSONEncoder()
        let bodies = try parsed.prices.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try database.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO prices (model, effective_from, body, imported_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT(model, effective_from) DO UPDATE SET body = excluded.body, imported_ms = excluded.imported_ms
                """)
            for (price, body) in zip(parsed.prices, bodies) {
                try statement.execute(arguments: [price.key, price.effectiveFrom.ordinal, body, nowMillis])
            }
        }
        catalogueState.withLock { $0 = PriceCatalogue($0.allPrices + parsed.prices) }
        return parsed
    }
}

/// Price lookups of one batch: a batch names a few models on a few days, thousands of times.
struct PriceMemo {
    private struct Key: Hashable {
        let provider: String
        let model: String
        let day: Int
    }

    let catalogue: PriceCatalogue
    private var found: [Key: Result<ModelPrice, CostError>] = [:]

    init(catalogue: PriceCatalogue) {
        self.catalogue = catalogue
    }

    mutating func price(provider: String, model: String, on day: Day) throws(CostError) -> ModelPrice {
        let key = Key(provider: provider, model: model, day: day.ordinal)
        if let known = found[key] { return try known.get() }
        let result = Result { () throws(CostError) -> ModelPrice in try catalogue.price(provider: provider, model: model, on: day) }
        found[key] = result
        return try result.get()
    }
}

/// What `cost.check` is asked.
public struct CheckRequest: Sendable, Codable, Equatable {
    public var project: String?
    public var user: String?
    public var tenant: String?
    public var provider: String?
    public var model: String?
    public var inputTokens: Int?
    public var cachedInputTokens: Int?
    /// The most output the request may produce (its `max_tokens`), for the estimate.
    public var maxOutputTokens: Int?

    public init(project: String? = nil, user: String? = nil, tenant: String? = nil, provider: String? = nil,
                model: String? = nil, inputTokens: Int? = nil, cachedInputTokens: Int? = nil, maxOutputTokens: Int? = nil) {
        self.project = project
        self.user = user
        self.tenant = tenant
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.maxOutputTokens = maxOutputTokens
    }

    enum CodingKeys: String, CodingKey {
        case project, user, tenant, provider, model, inputTokens = "input_tokens"
        case cachedInputTokens = "cached_input_tokens", maxOutputTokens = "max_output_tokens"
    }
}

public struct CheckDecision: Sendable, Codable, Equatable {
    public struct Denial: Sendable, Codable, Equatable {
        public var budgetID: String
        public var spent: Money
        public var limit: Money
        public var estimatedCost: Money?
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case budgetID = "budget_id", spent, limit, estimatedCost = "estimated_cost", reason
        }
    }

    public var allowed: Bool
    public var estimatedCost: Money?
    public var currency: String
    public var denials: [Denial]
    public var budgets: [BudgetStatus]

    enum CodingKeys: String, CodingKey {
        case allowed, estimatedCost = "estimated_cost", currency, denials, budgets
    }
}
