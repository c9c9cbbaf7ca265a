@testable import CostCore
import XCTest

final class AnalysisTests: XCTestCase {
    let day: Int64 = 86_400_000

    func testForecastFollowsTheLinearTrendOfTheMonth() throws {
        let fixture = try LedgerFixture()
        try fixture.engine.setBudget(Budget(scope: .project, subject: "alpha", period: .month, limit: money("3")),
                                     nowMillis: LedgerFixture.now)
        // Day t of November (0-based) spends 0.0075 × (t + 1); nothing yet today (t = 19).
        var events: [UsageEvent] = []
        for t in 0..<19 {
            let start = Day(iso: "2026-11-01")!.advanced(by: t).startMillis
            for n in 0...t { events.append(LedgerFixture.usage("d\(t)-\(n)", at: start + Int64(n) * 1000)) }
        }
        try fixture.ingest(events)
        let forecast = try XCTUnwrap(fixture.engine.forecast(nowMillis: LedgerFixture.now).first)
        XCTAssertEqual(forecast.method, "linear_trend")
        XCTAssertEqual(forecast.spent, money("1.425"))
        // 1.425 so far + half of today's 0.15 + days 21…30 (0.0075 × 255).
        XCTAssertEqual(forecast.projected, money("3.4125"))
        XCTAssertEqual(forecast.projectedOverrun, money("0.4125"))
        XCTAssertEqual(forecast.elapsedDays, "19.500")
    }

    func testForecastUsesTheRunRateEarlyInAPeriod() throws {
        let fixture = try LedgerFixture()
        try fixture.engine.setBudget(Budget(scope: .user, subject: "ada", period: .day, limit: money("1")),
                                     nowMillis: LedgerFixture.now)
        try fixture.ingest([LedgerFixture.usage("a"), LedgerFixture.usage("b")])
        let forecast = try XCTUnwrap(fixture.engine.forecast(budgetID: "user:ada:day", nowMillis: LedgerFixture.now).first)
        XCTAssertEqual(forecast.method, "run_rate")
        XCTAssertEqual(forecast.projected, money("0.03"))   // 0.015 at noon
        XCTAssertThrowsError(try fixture.engine.forecast(budgetID: "user:nobody:day", nowMillis: LedgerFixture.now))
    }

    func testASpikeAgainstTheTrailingBaselineIsReportedOnce() throws {
        let fixture = try LedgerFixture()
        var baseline: [UsageEvent] = []
        for back in 1...14 {
            baseline.append(LedgerFixture.usage("b\(back)", model: "in-house", provider: "self", at: LedgerFixture.now - Int64(back) * day,
                                                cost: back % 2 == 0 ? "1.00" : "1.10"))
        }
        XCTAssertEqual(try fixture.ingest(baseline, now: LedgerFixture.now - day).anomalies, [])
        let normal = try fixture.ingest([LedgerFixture.usage("t1", model: "in-house", provider: "self", cost: "2.00")])
        XCTAssertEqual(normal.anomalies, [], "2.00 is under twice the median 1.05")
        let spike = try fixture.ingest([LedgerFixture.usage("t2", model: "in-house", provider: "self", cost: "1.50")])
        XCTAssertEqual(spike.anomalies.count, 1)
        let anomaly = try XCTUnwrap(spike.anomalies.first)
        XCTAssertEqual(anomaly.subject, "alpha")
        XCTAssertEqual(anomaly.spent, money("3.5"))
        XCTAssertEqual(anomaly.baselineMedian, money("1.05"))
        XCTAssertEqual(anomaly.baselineMAD, money("0.05"))
        XCTAssertEqual(anomaly.threshold, money("2.1"))
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("t3", model: "in-house", provider: "self", cost: "5")]).anomalies, [],
                       "once per subject and day")
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("new", model: "in-house", provider: "self", project: "fresh", cost: "50")])
            .anomalies, [], "no baseline, no verdict")
    }

    func testSuggestionsCarryTheirEstimatedSavings() throws {
        let fixture = try LedgerFixture()
        var events = (0..<10).map { LedgerFixture.usage("w\($0)") }
        events.append(LedgerFixture.usage("big", input: 40_000))
        events += (0..<3).map { LedgerFixture.usage("rep\($0)", promptHash: "h1") }
        events += (0..<20).map {
            LedgerFixture.usage("p\($0)", model: "gpt-4.1", input: 2000, output: 100,
                                prompt: .init(name: "summary", version: "2"))
        }
        try fixture.ingest(events)
        let found = try fixture.engine.suggestions(nowMillis: LedgerFixture.now)
        let kinds = Dictionary(grouping: found, by: \.kind)

        let cheaper = try XCTUnwrap(kinds["cheaper_model"]?.first { $0.model == "gpt-4o" })
        let best = try XCTUnwrap(cheaper.alternatives?.first)
        XCTAssertEqual(best.provider, "openai")
        XCTAssertEqual(cheaper.estimatedSaving, cheaper.currentCost - best.estimatedCost)
        XCTAssertFalse(cheaper.alternatives?.contains { $0.model == "gpt-3.5-turbo" } ?? true,
                       "a 16k context cannot hold the 40k request")
        XCTAssertFalse(cheaper.alternatives?.contains { $0.model.hasPrefix("text-embedding") } ?? true)

        let cache = try XCTUnwrap(kinds["response_cache"]?.first)
        XCTAssertEqual(cache.requests, 3)
        XCTAssertEqual(cache.estimatedSaving, money("0.015"))   // two repeats of 0.0075

        let oversized = try XCTUnwrap(kinds["oversized_prompt"]?.first)
        XCTAssertEqual(oversized.requests, 1)
        XCTAssertEqual(oversized.estimatedSaving, money("0.02"))   // 8,000 tokens × 2.5e-6

        let caching = try XCTUnwrap(kinds["prompt_caching"]?.first)
        XCTAssertEqual(caching.model, "gpt-4.1")
        XCTAssertEqual(caching.estimatedSaving, money("0.057"))   // (2e-6 − 0.5e-6) × 2000 × 19
        XCTAssertEqual(found.map(\.estimatedSaving), found.map(\.estimatedSaving).sorted(by: >))
    }
}
