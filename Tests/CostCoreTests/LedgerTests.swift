@testable import CostCore
import XCTest

final class LedgerTests: XCTestCase {
    func testRecordsPricedUsageAndNeverChargesAReplayTwice() throws {
        let fixture = try LedgerFixture()
        let first = try fixture.ingest([LedgerFixture.usage("r1"), LedgerFixture.usage("r2", cached: 200)])
        XCTAssertEqual(first.outcomes, [
            .recorded(cost: money("0.0075"), currency: "USD", pricing: .catalogue, priceKey: "gpt-4o"),
            .recorded(cost: money("0.00725"), currency: "USD", pricing: .catalogue, priceKey: "gpt-4o"),
        ])
        // The same events again, and a duplicate inside one batch.
        let replay = try fixture.ingest([LedgerFixture.usage("r1"), LedgerFixture.usage("r3"), LedgerFixture.usage("r3")])
        XCTAssertEqual(replay.outcomes[0], .duplicate)
        XCTAssertEqual(replay.outcomes[2], .duplicate)
        XCTAssertEqual(try fixture.total(), money("0.02225"))
        let report = try fixture.engine.report(ReportRequest(month: "2026-11"), nowMillis: LedgerFixture.now)
        XCTAssertEqual(report.totals.first?.requests, 3)

        // Survives a restart: the replay after reopening is still recognised.
        try fixture.reopen()
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("r2")]).outcomes, [.duplicate])
        XCTAssertEqual(try fixture.total(), money("0.02225"))
    }

    func testBadItemsAreRejectedOneByOneAndTheRestCommit() throws {
        let fixture = try LedgerFixture()
        let result = try fixture.ingest([
            LedgerFixture.usage("neg", input: -5),
            LedgerFixture.usage("huge", output: 500_000_000),
            LedgerFixture.usage(""),
            LedgerFixture.usage("ok"),
        ])
        guard case .rejected(let negative) = result.outcomes[0], case .rejected(let absurd) = result.outcomes[1],
              case .rejected(let noID) = result.outcomes[2] else { return XCTFail("\(result.outcomes)") }
        XCTAssertEqual(negative, .invalidField("input_tokens", "must not be negative, got -5"))
        XCTAssertTrue(absurd.description.contains("absurd"), absurd.description)
        XCTAssertTrue(noID.description.contains("request_id"), noID.description)
        XCTAssertEqual(try fixture.total(), money("0.0075"))
    }

    func testUnknownModelsAreRefusedStrictlyRecordedAsGivenOrKeptUnpriced() throws {
        let fixture = try LedgerFixture()
        let strict = try fixture.ingest([LedgerFixture.usage("u1", model: "gpt-4o-mni")], strict: true)
        guard case .rejected(.unknownModel(_, _, let nearest)) = strict.outcomes[0] else { return XCTFail("\(strict.outcomes)") }
        XCTAssertEqual(nearest.first, "gpt-4o-mini")

        let given = try fixture.ingest([LedgerFixture.usage("u2", model: "in-house-llm", provider: "selfhosted", cost: "0.0421")],
                                       strict: true)
        XCTAssertEqual(given.outcomes, [.recorded(cost: money("0.0421"), currency: "USD", pricing: .reported, priceKey: nil)])
        let unpriced = try fixture.ingest([LedgerFixture.usage("u3", model: "in-house-llm", provider: "selfhosted")])
        XCTAssertEqual(unpriced.outcomes, [.recorded(cost: .zero, currency: "USD", pricing: .unpriced, priceKey: nil)])
        let report = try fixture.engine.report(ReportRequest(month: "2026-11", groupBy: [.model]), nowMillis: LedgerFixture.now)
        XCTAssertEqual(report.rows.first?.keys["model"], "in-house-llm")
        XCTAssertEqual(report.rows.first?.unpricedRequests, 1)
        XCTAssertEqual(report.rows.first?.inputTokens, 2000)
        XCTAssertEqual(report.rows.first?.cost, money("0.0421"))
    }

    func testReportsGroupFilterAndExportCSV() throws {
        let fixture = try LedgerFixture()
        let yesterday = LedgerFixture.now - 86_400_000
        try fixture.ingest([
            LedgerFixture.usage("a", project: "alpha"),
            LedgerFixture.usage("b", model: "claude-sonnet-4-5", provider: "anthropic", project: "beta", user: "bob"),
            LedgerFixture.usage("c", model: "gpt-4o", provider: "azure", project: "alpha", at: yesterday),
            LedgerFixture.usage("old", project: "alpha", at: Day(iso: "2026-10-31")!.startMillis),
        ])
        let byProject = try fixture.engine.report(ReportRequest(month: "2026-11", groupBy: [.project]), nowMillis: LedgerFixture.now)
        XCTAssertEqual(byProject.rows.map { $0.keys["project"] }, ["alpha", "beta"])
        XCTAssertEqual(byProject.rows.map(\.cost), [money("0.015"), money("0.0105")])
        let byDayAndProvider = try fixture.engine.report(
            ReportRequest(from: Day(iso: "2026-11-19"), to: Day(iso: "2026-11-20"), groupBy: [.day, .provider], project: "alpha"),
            nowMillis: LedgerFixture.now)
        XCTAssertEqual(byDayAndProvider.rows.map { [$0.keys["day"] ?? "", $0.keys["provider"] ?? ""] },
                       [["2026-11-19", "azure"], ["2026-11-20", "openai"]])
        let byUser = try fixture.engine.report(ReportRequest(month: "2026-11", groupBy: [.user, .model]), nowMillis: LedgerFixture.now)
        XCTAssertEqual(byUser.csv, """
            user,model,currency,requests,unpriced_requests,input_tokens,cached_input_tokens,output_tokens,cost\r
            ada,gpt-4o,USD,2,0,2000,0,1000,0.015\r
            bob,claude-sonnet-4-5,USD,1,0,1000,0,500,0.0105\r

            """)
        XCTAssertThrowsError(try fixture.engine.report(ReportRequest(month: "2026-13"), nowMillis: LedgerFixture.now)) { error in
            XCTAssertEqual(error as? CostError, .invalidField("month", "expected YYYY-MM, got \"2026-13\""))
        }
    }

    func testImportedPricesOverrideFromTheirDayAndSurviveARestart() throws {
        let fixture = try LedgerFixture()
        let file = #"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06}}"#
        let result = try fixture.engine.importPrices(Array(file.utf8), source: "litellm.json", effectiveFrom: Day(iso: "2026-11-20")!)
        XCTAssertEqual(result.prices.count, 1)
        try fixture.reopen()
        let catalogue = fixture.engine.catalogue
        XCTAssertEqual(try catalogue.price(provider: "openai", model: "gpt-4o", on: Day(iso: "2026-11-20")!).rates.input, money("0.000002"))
        XCTAssertEqual(try catalogue.price(provider: "openai", model: "gpt-4o", on: Day(iso: "2026-11-19")!).rates.input, money("0.0000025"))
        // A broken file changes nothing.
        XCTAssertThrowsError(try fixture.engine.importPrices(Array(#"{"gpt-4o": {"input_cost_per_token": true}}"#.utf8),
                                                             source: "bad.json", effectiveFrom: Day(iso: "2026-11-21")!))
        XCTAssertEqual(fixture.engine.catalogue.history(of: "gpt-4o").count, 3)
    }
}
