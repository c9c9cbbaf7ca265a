@testable import CostCore
import Foundation
import Synchronization
import XCTest

/// A ledger that cannot grow (SQLite's SQLITE_FULL, as on a full disk): nothing half-written,
/// a clear error, and no usage lost on the way from the bus to the store.
final class FullStoreTests: XCTestCase {
    private func batch(_ number: Int, size: Int = 200) -> [UsageEvent] {
        (0..<size).map { LedgerFixture.usage("b\(number)-\($0)-" + String(repeating: "x", count: 40)) }
    }

    func testAFullLedgerRefusesWholeBatchesWithAClearErrorAndKeepsWhatItHad() throws {
        var settings = CostEngine.Settings()
        settings.maxDatabaseBytes = 512 * 1024
        let fixture = try LedgerFixture(settings: settings)
        var stored = 0
        var failure: (any Error)?
        for number in 0..<200 {
            do {
                try fixture.ingest(batch(number))
                stored += 1
            } catch {
                failure = error
                break
            }
        }
        let error = try XCTUnwrap(failure, "512 KiB should not hold 40,000 ledger rows")
        XCTAssertTrue("\(error)".contains("cost.sqlite: database or disk is full"), "\(error)")
        XCTAssertGreaterThan(stored, 0)
        // Every committed batch is whole; the refused one left nothing behind.
        let report = try fixture.engine.report(ReportRequest(month: "2026-11"), nowMillis: LedgerFixture.now)
        XCTAssertEqual(report.totals.first?.requests, Int64(stored * 200))
        XCTAssertEqual(try fixture.total(), money("0.0075") * stored * 200)
        // Reads still work while full.
        XCTAssertNoThrow(try fixture.engine.report(ReportRequest(month: "2026-11"), nowMillis: LedgerFixture.now))

        // With room again, the refused batch is recorded once; the stored ones are recognised as replays.
        try fixture.reopen()
        let retried = try fixture.ingest(batch(stored))
        XCTAssertTrue(retried.outcomes.allSatisfy { if case .recorded = $0 { true } else { false } })
        XCTAssertTrue(try fixture.ingest(batch(0)).outcomes.allSatisfy { $0 == .duplicate })
        XCTAssertEqual(try fixture.total(), money("0.0075") * (stored + 1) * 200)
    }

    func testTheIngestQueueKeepsARefusedBatchAndRetriesItUntilTheStoreTakesIt() throws {
        let failuresLeft = Mutex(3)
        let recorded = Mutex<[String]>([])
        let queue = IngestQueue(maxBatch: 10, capacity: 1000, firstRetryDelay: 0.01, maxRetryDelay: 0.05) { batch in
            let refuse = failuresLeft.withLock { left -> Bool in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            if refuse { return .retry }
            recorded.withLock { $0.append(contentsOf: batch.events.map(\.requestID)) }
            return .done
        }
        queue.start()
        let ids = (0..<25).map { "r\($0)" }
        for id in ids { queue.enqueue(LedgerFixture.usage(id)) }
        let deadline = Date().addingTimeInterval(10)
        while !queue.flush() && Date() < deadline { usleep(5_000) }
        XCTAssertEqual(recorded.withLock { $0 }, ids, "every event once, in order, after the store recovered")
        XCTAssertEqual(queue.backlog, 0)
        XCTAssertEqual(queue.stop(), 0)
    }

    func testFlushDoesNotHangOnAFailingStoreAndStopReportsWhatCouldNotBeKept() throws {
        let queue = IngestQueue(maxBatch: 10, capacity: 1000, firstRetryDelay: 0.01, maxRetryDelay: 0.02) { _ in .retry }
        queue.start()
        for index in 0..<15 { queue.enqueue(LedgerFixture.usage("r\(index)")) }
        let started = Date()
        var flushed = true
        while Date().timeIntervalSince(started) < 5 {
            flushed = queue.flush()
            if !flushed { break }
        }
        XCTAssertFalse(flushed, "flush answers false while the store refuses writes")
        XCTAssertEqual(queue.backlog, 15, "nothing is dropped while the store is failing")
        XCTAssertEqual(queue.stop(), 15, "stop names what it could not store")
    }
}
