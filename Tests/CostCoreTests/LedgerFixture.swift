import AIPTestSupport
@testable import CostCore
import Foundation

/// A cost engine over a real SQLite file in a fresh temporary directory.
final class LedgerFixture {
    let directory: TemporaryDirectory
    var engine: CostEngine
    /// 2026-11-20 12:00:00 UTC, a Friday.
    static let now: Int64 = Day(iso: "2026-11-20")!.startMillis + 12 * 3_600_000

    init(settings: CostEngine.Settings = CostEngine.Settings()) throws {
        directory = try TemporaryDirectory()
        engine = try CostEngine(path: directory.path + "/cost.sqlite", settings: settings)
    }

    func reopen(settings: CostEngine.Settings = CostEngine.Settings()) throws {
        engine = try CostEngine(path: directory.path + "/cost.sqlite", settings: settings)
    }

    static func usage(_ id: String, model: String = "gpt-4o", provider: String = "openai", input: Int = 1000,
                      output: Int = 500, cached: Int = 0, project: String = "alpha", user: String = "ada",
                      tenant: String = "acme", at millis: Int64 = now, cost: String? = nil,
                      promptHash: String? = nil, prompt: UsageEvent.PromptReference? = nil) -> UsageEvent {
        UsageEvent(provider: provider, model: model, inputTokens: input, outputTokens: output, cachedInputTokens: cached,
                   costUSD: cost, latencyMs: 120, project: project, user: user, tenant: tenant, requestID: id,
                   prompt: prompt, promptHash: promptHash, timestamp: String(millis))
    }

    @discardableResult
    func ingest(_ events: [UsageEvent], strict: Bool = false, now: Int64 = LedgerFixture.now) throws -> IngestResult {
        try engine.ingest(events, strict: strict, nowMillis: now)
    }

    func total(month: String = "2026-11") throws -> Money {
        try engine.report(ReportRequest(month: month), nowMillis: Self.now).totals.first?.cost ?? .zero
    }
}

func money(_ text: String) -> Money {
    // Test literals are valid amounts; a typo fails loudly as a zero that no assertion expects.
    (try? Money(parsing: text)) ?? Money(units: -1)
}
