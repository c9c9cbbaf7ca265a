@testable import CostCore
import XCTest

final class BudgetTests: XCTestCase {
    func testSoftThresholdsAlertOncePerThresholdAndPeriod() throws {
        let fixture = try LedgerFixture()
        try fixture.engine.setBudget(Budget(scope: .project, subject: "alpha", period: .month, limit: money("0.03"),
                                            softThresholds: [80, 50, 100], hard: true), nowMillis: LedgerFixture.now)
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("r1")]).alerts, [])            // 25 %
        let half = try fixture.ingest([LedgerFixture.usage("r2"), LedgerFixture.usage("r3")])  // 75 %
        XCTAssertEqual(half.alerts.map(\.thresholdPercent), [50])
        XCTAssertEqual(half.alerts.first?.spent, money("0.0225"))
        XCTAssertEqual(half.alerts.first?.budgetID, "project:alpha:month")
        let full = try fixture.ingest([LedgerFixture.usage("r4")])                              // 100 %
        XCTAssertEqual(full.alerts.map(\.thresholdPercent), [80, 100])
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("r4")]).alerts, [], "a replay is not charged and alerts nothing")
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("r5")]).alerts, [], "each threshold alerts once per period")
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("other", project: "beta")]).alerts, [])

        // The alert record survives a restart.
        try fixture.reopen()
        XCTAssertEqual(try fixture.ingest([LedgerFixture.usage("r6")]).alerts, [])
        // A new month is a new period.
        let december = Day(iso: "2026-12-02")!.startMillis
        let next = try fixture.ingest([LedgerFixture.usage("d1", at: december), LedgerFixture.usage("d2", at: december),
                                       LedgerFixture.usage("d3", at: december)], now: december)
        XCTAssertEqual(next.alerts.map(\.thresholdPercent), [50])
        XCTAssertEqual(next.alerts.first?.periodStart, Day(iso: "2026-12-01"))
    }

    func testHardLimitsDenyTheCheckBeforeTheRequestIsSent() throws {
        let fixture = try LedgerFixture()
        try fixture.engine.setBudget(Budget(scope: .user, subject: "ada", period: .day, limit: money("0.01"), hard: true),
                                     nowMillis: LedgerFixture.now)
        try fixture.engine.setBudget(Budget(scope: .tenant, subject: "acme", period: .week, limit: money("100")),
                                     nowMillis: LedgerFixture.now)
        let request = CheckRequest(project: "alpha", user: "ada", tenant: "acme", provider: "openai", model: "gpt-4o",
                                   inputTokens: 1000, maxOutputTokens: 500)
        let before = try fixture.engine.check(request, nowMillis: LedgerFixture.now)
        XCTAssertTrue(before.allowed)
        XCTAssertEqual(before.estimatedCost, money("0.0075"))
        XCTAssertEqual(before.budgets.map(\.id), ["tenant:acme:week", "user:ada:day"])

        try fixture.ingest([LedgerFixture.usage("r1")])   // 0.0075 of 0.01 spent
        let wouldExceed = try fixture.engine.check(request, nowMillis: LedgerFixture.now)
        XCTAssertFalse(wouldExceed.allowed)
        XCTAssertEqual(wouldExceed.denials.map(\.budgetID), ["user:ada:day"])
        XCTAssertTrue(wouldExceed.denials[0].reason.contains("would take user:ada:day past its hard limit"), wouldExceed.denials[0].reason)
        XCTAssertTrue(try fixture.engine.check(CheckRequest(user: "ada"), nowMillis: LedgerFixture.now).allowed,
                      "without a model there is no estimate, and the limit is not yet spent")

        try fixture.ingest([LedgerFixture.usage("r2")])
        let spent = try fixture.engine.check(CheckRequest(user: "ada"), nowMillis: LedgerFixture.now)
        XCTAssertFalse(spent.allowed)
        XCTAssertTrue(spent.denials[0].reason.contains("is spent"), spent.denials[0].reason)
        XCTAssertTrue(try fixture.engine.check(CheckRequest(user: "bob"), nowMillis: LedgerFixture.now).allowed)
        // The next day is a new period.
        XCTAssertTrue(try fixture.engine.check(request, nowMillis: LedgerFixture.now + 86_400_000).allowed)
    }

    func testBudgetsAreValidatedReplacedAndRemoved() throws {
        let fixture = try LedgerFixture()
        XCTAssertThrowsError(try fixture.engine.setBudget(Budget(scope: .project, subject: "a", period: .day, limit: .zero))) { error in
            XCTAssertEqual(error as? CostError, .invalidField("limit", "must be greater than zero, got 0"))
        }
        XCTAssertThrowsError(try fixture.engine.setBudget(Budget(scope: .project, subject: "a", period: .day,
                                                                 limit: money("1"), softThresholds: [0])))
        XCTAssertThrowsError(try fixture.engine.setBudget(Budget(scope: .project, subject: "a", period: .day,
                                                                 limit: money("1"), currency: "usd")))
        try fixture.engine.setBudget(Budget(scope: .project, subject: "a", period: .day, limit: money("1")))
        try fixture.engine.setBudget(Budget(scope: .project, subject: "a", period: .day, limit: money("2")))
        try fixture.reopen()
        XCTAssertEqual(fixture.engine.budgets.map(\.limit), [money("2")])
        try fixture.engine.removeBudget(id: "project:a:day")
        XCTAssertThrowsError(try fixture.engine.removeBudget(id: "project:a:day"))
        XCTAssertEqual(fixture.engine.budgets, [])
    }
}
