import Foundation
import GRDB

/// Per-version usage figures.
public struct VersionStats: Codable, Sendable, Hashable {
    public let version: Int
    public let renders: Int
    public let llmCalls: Int
    public let averageLatencyMs: Double?
    public let maxLatencyMs: Double?
    public let inputTokens: Int
    public let outputTokens: Int
    public let cachedInputTokens: Int
    /// Exact decimal string (sum of the events' `cost_usd`).
    public let costUsd: String
    /// Calls that carried a cost; the rest are not in `cost_usd`.
    public let costedCalls: Int
    public let feedbackCount: Int
    public let feedbackAverage: Double?

    enum CodingKeys: String, CodingKey {
        case version, renders, llmCalls = "llm_calls", averageLatencyMs = "average_latency_ms", maxLatencyMs = "max_latency_ms"
        case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedInputTokens = "cached_input_tokens"
        case costUsd = "cost_usd", costedCalls = "costed_calls", feedbackCount = "feedback_count", feedbackAverage = "feedback_average"
    }
}

/// What became of an event given to the registry.
public enum RecordOutcome: Sendable, Equatable {
    case recorded
    /// Its request id was already counted.
    case duplicate
    /// It names no prompt of this registry; the reason says which part did not match.
    case ignored(String)
}

extension PromptRegistry {
    /// Adds an `llm.usage` event to its prompt version's figures; events without a prompt
    /// reference, or naming an unknown one, are ignored. A request id counts once.
    @discardableResult
    public func recordUsage(_ event: LLMUsageEvent) throws -> RecordOutcome {
        try event.validate()
        return try recordUsage(batch: [event])[0]
    }

    /// Adds already validated `llm.usage` events in one transaction: one stats update per
    /// version touched rather than one transaction per event (see `UsageStatsQueue`). All or
    /// nothing: on a storage error nothing was recorded and the batch may be given again.
    public func recordUsage(batch events: [LLMUsageEvent]) throws -> [RecordOutcome] {
        guard events.contains(where: { $0.prompt != nil }) else { return events.map { _ in .ignored("the event names no prompt") } }
        return try database.write { db in
            var versionIDs: [VersionKey: Int64?] = [:]
            var totals: [VersionKey: UsageTotals] = [:]
            var outcomes: [RecordOutcome] = []
            outcomes.reserveCapacity(events.count)
            for event in events {
                guard let prompt = event.prompt else {
                    outcomes.append(.ignored("the event names no prompt"))
                    continue
                }
                let key = VersionKey(name: prompt.name, version: prompt.version)
                let promptID: Int64?
                if let known = versionIDs[key] {
                    promptID = known
                } else {
                    promptID = try self.existingVersion(db, prompt.name, prompt.version)
                    versionIDs[key] = promptID
                }
                guard let promptID else {
                    outcomes.append(.ignored("no version \(prompt.version) of prompt '\(prompt.name)'"))
                    continue
                }
                if let requestID = event.requestId, try !self.markSeen(db, kind: "usage", requestID: requestID) {
                    outcomes.append(.duplicate)
                    continue
                }
                // Validated before it was queued, so the cost parses.
                totals[key, default: UsageTotals(promptID: promptID)].add(event, cost: try event.validatedCost())
                outcomes.append(.recorded)
            }
            for (key, total) in totals {
                try self.ensureStatsRow(db, promptID: total.promptID, version: key.version)
                var costText: String?
                if total.costedCalls > 0 {
                    let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT cost_usd FROM version_stats WHERE prompt_id = ? AND version = ?"),
                                                     arguments: [total.promptID, key.version]) ?? "0"
                    costText = ExactDecimal.text((ExactDecimal.parse(stored) ?? 0) + total.cost)
                }
                // Prepared once per connection: this runs for every batch of llm.usage events.
                try db.cachedStatement(sql: """
                    UPDATE version_stats SET llm_calls = llm_calls + ?, latency_ms_total = latency_ms_total + ?,
                        latency_ms_max = max(latency_ms_max, ?), input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                        cached_input_tokens = cached_input_tokens + ?, cost_usd = coalesce(?, cost_usd),
                        costed_calls = costed_calls + ?
                    WHERE prompt_id = ? AND version = ?
                    """).execute(arguments: [total.calls, total.latencyTotal, total.latencyMax, total.inputTokens, total.outputTokens,
                                     total.cachedInputTokens, costText, total.costedCalls, total.promptID, key.version])
            }
            return outcomes
        }
    }

    /// Adds a `prompt.feedback` score to its version. A request id counts once.
    @discardableResult
    public func recordFeedback(_ event: PromptFeedbackEvent) throws -> RecordOutcome {
        guard event.score.isFinite else { throw PromptError.invalid("prompt.feedback score must be a finite number, got \(event.score)") }
        return try database.write { db in
            guard let promptID = try self.existingVersion(db, event.name, event.version) else {
                return .ignored("no version \(event.version) of prompt '\(event.name)'")
            }
            if let requestID = event.requestId, try !self.markSeen(db, kind: "feedback", requestID: requestID) { return .duplicate }
            try self.ensureStatsRow(db, promptID: promptID, version: event.version)
            try db.execute(sql: """
                UPDATE version_stats SET feedback_count = feedback_count + 1, feedback_total = feedback_total + ?
                WHERE prompt_id = ? AND version = ?
                """, arguments: [event.score, promptID, event.version])
            return .recorded
        }
    }

    /// Figures for the given versions of a prompt (all versions when nil), flushing render counts first.
    public func stats(name: String, versions: [Int]? = nil) throws -> [VersionStats] {
        try flushRenderCounts()
        return try database.read { db in
            let promptID = try self.promptID(db, name)
            let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM versions WHERE prompt_id = ?", arguments: [promptID]) ?? 0
            let wanted = versions ?? Array(1...max(latest, 1))
            for number in wanted where number < 1 || number > latest {
                throw PromptError.notFound("prompt '\(name)' has no version \(number) (versions 1 to \(latest) exist)")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM version_stats WHERE prompt_id = ?", arguments: [promptID])
            var byVersion: [Int: Row] = [:]
            for row in rows { byVersion[row["version"]] = row }
            return wanted.map { Self.decodeStats(version: $0, row: byVersion[$0]) }
        }
    }

    /// Adds the renders counted in memory to the stats table.
    public func flushRenderCounts() throws {
        let prompts = compiled.withLock { Array($0.values) }
        let pending = prompts.map { ($0, $0.takeRenderCount()) }.filter { $0.1 > 0 }
        guard !pending.isEmpty else { return }
        do {
            try database.write { db in
                for (prompt, count) in pending {
                    guard let promptID = try self.existingVersion(db, prompt.name, prompt.version) else { continue }
                    try self.ensureStatsRow(db, promptID: promptID, version: prompt.version)
                    try db.execute(sql: "UPDATE version_stats SET renders = renders + ? WHERE prompt_id = ? AND version = ?",
                                   arguments: [count, promptID, prompt.version])
                }
            }
        } catch {
            // Keep the counts for the next flush rather than losing them.
            for (prompt, count) in pending { prompt.restoreRenderCount(count) }
            throw error
        }
    }

    func existingVersion(_ db: Database, _ name: String, _ version: Int) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT p.id FROM prompts p JOIN versions v ON v.prompt_id = p.id WHERE p.name = ? AND v.version = ?
            """), arguments: [name, version])
    }

    /// Records a request id; false if it was already there.
    func markSeen(_ db: Database, kind: String, requestID: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO seen_events (kind, request_id, seen_at) VALUES (?, ?, ?)")
            .execute(arguments: [kind, requestID, nowMillis()])
        return db.changesCount == 1
    }

    func ensureStatsRow(_ db: Database, promptID: Int64, version: Int) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO version_stats (prompt_id, version) VALUES (?, ?)").execute(arguments: [promptID, version])
    }

    static func decodeStats(version: Int, row: Row?) -> VersionStats {
        guard let row else {
            return VersionStats(version: version, renders: 0, llmCalls: 0, averageLatencyMs: nil, maxLatencyMs: nil, inputTokens: 0,
                                outputTokens: 0, cachedInputTokens: 0, costUsd: "0", costedCalls: 0, feedbackCount: 0, feedbackAverage: nil)
        }
        let calls: Int = row["llm_calls"]
        let feedback: Int = row["feedback_count"]
        let latencyTotal: Double = row["latency_ms_total"]
        let feedbackTotal: Double = row["feedback_total"]
        return VersionStats(
            version: version, renders: row["renders"], llmCalls: calls,
            averageLatencyMs: calls > 0 ? latencyTotal / Double(calls) : nil, maxLatencyMs: calls > 0 ? row["latency_ms_max"] : nil,
            inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], cachedInputTokens: row["cached_input_tokens"],
            costUsd: row["cost_usd"], costedCalls: row["costed_calls"], feedbackCount: feedback,
            feedbackAverage: feedback > 0 ? feedbackTotal / Double(feedback) : nil)
    }
}

/// One batch's usage of one prompt version, summed before the single UPDATE.
struct UsageTotals {
    let promptID: Int64
    var calls = 0
    var latencyTotal = 0.0
    var latencyMax = 0.0
    var inputTokens = 0
    var outputTokens = 0
    var cachedInputTokens = 0
    var cost: Decimal = 0
    var costedCalls = 0

    init(promptID: Int64) {
        self.promptID = promptID
    }

    mutating func add(_ event: LLMUsageEvent, cost eventCost: Decimal?) {
        calls += 1
        latencyTotal += event.latencyMs ?? 0
        latencyMax = max(latencyMax, event.latencyMs ?? 0)
        inputTokens += event.inputTokens
        outputTokens += event.outputTokens
        cachedInputTokens += event.cachedInputTokens ?? 0
        if let eventCost {
            cost += eventCost
            costedCalls += 1
        }
    }
}
