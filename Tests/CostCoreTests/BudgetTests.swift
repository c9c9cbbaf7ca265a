@testable import CostCore
import Foundation
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

    /// `cost.check` does not wait for the ledger: queued charges count from the moment they are
    /// queued, and exactly once as their batches land (the stored mark says which have).
    func testQueuedChargesCountInTheCheckOnceBeforeAndAfterTheyAreStored() throws {
        let fixture = try LedgerFixture()
        let engine = fixture.engine
        try engine.setBudget(Budget(scope: .user, subject: "ada", period: .day, limit: money("0.02"), hard: true),
                             nowMillis: LedgerFixture.now)
        let gate = DispatchSemaphore(value: 0)
        func gatedQueue() -> IngestQueue {
            IngestQueue(maxBatch: 1, capacity: 100) { batch in
                gate.wait()
                _ = try? engine.ingest(batch.events, mark: batch.mark, nowMillis: LedgerFixture.now)
                return .done
            }
        }
        func waitForBacklog(_ queue: IngestQueue, _ count: Int) {
            let deadline = Date().addingTimeInterval(10)
            while queue.backlog != count && Date() < deadline { usleep(1_000) }
            XCTAssertEqual(queue.backlog, count)
        }
        let queue = gatedQueue()
        queue.start()
        func spent(_ queue: IngestQueue?) throws -> Money {
            try engine.check(CheckRequest(user: "ada"), pending: queue.map { $0.pending }, nowMillis: LedgerFixture.now).budgets[0].spent
        }
        XCTAssertEqual(try spent(queue), .zero)
        queue.enqueue(LedgerFixture.usage("q1"))                  // 0.0075, held in the writer
        queue.enqueue(LedgerFixture.usage("q2"))                  // 0.0075, waiting
        queue.enqueue(LedgerFixture.usage("bob", user: "bob"))    // another subject
        var bad = LedgerFixture.usage("bad")
        bad.inputTokens = -1                                      // rejected when recorded: counts nothing
        queue.enqueue(bad)
        XCTAssertEqual(try spent(queue), money("0.015"), "queued charges count before any is stored")
        XCTAssertEqual(try spent(nil), .zero, "the stored totals alone have none of them")

        gate.signal()                                             // q1 lands
        waitForBacklog(queue, 3)
        XCTAssertEqual(try spent(nil), money("0.0075"))
        XCTAssertEqual(try spent(queue), money("0.015"), "a stored charge is not counted again")
        queue.enqueue(LedgerFixture.usage("q3"))
        let denied = try engine.check(CheckRequest(user: "ada"), pending: queue.pending, nowMillis: LedgerFixture.now)
        XCTAssertFalse(denied.allowed, "0.0225 queued and stored is past the 0.02 hard limit")
        XCTAssertTrue(denied.denials.first?.reason.contains("is spent") == true, "\(denied.denials)")

        for _ in 0..<4 { gate.signal() }
        XCTAssertTrue(queue.flush())
        XCTAssertEqual(try spent(queue), money("0.0225"))
        XCTAssertEqual(try spent(nil), money("0.0225"))
        XCTAssertEqual(queue.stop(), 0)

        // A new queue numbers from 1 again: the mark of the previous run hides none of its events.
        let next = gatedQueue()
        next.start()
        next.enqueue(LedgerFixture.usage("n1"))
        XCTAssertEqual(try spent(next), money("0.03"))
        gate.signal()
        XCTAssertTrue(next.flush())
        XCTAssertEqual(try spent(next), money("0.03"))
        XCTAssertEqual(next.stop(), 0)
    }
}
