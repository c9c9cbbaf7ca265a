import CostCore
import Foundation
import Synchronization
import XCTest

/// The ingest queue's gather window: events arriving close together go into one batch, and
/// nothing that waits for the ledger (a flush, a full batch, stop) waits for the window.
final class IngestGatherTests: XCTestCase {
    /// The request ids of each batch written, in order.
    final class Batches: Sendable {
        private let list = Mutex<[[String]]>([])
        func append(_ ids: [String]) { list.withLock { $0.append(ids) } }
        var all: [[String]] { list.withLock { $0 } }
    }

    private func queue(maxBatch: Int, gatherWindow: Double, batches: Batches) -> IngestQueue {
        IngestQueue(maxBatch: maxBatch, capacity: 1000, gatherWindow: gatherWindow) { batch in
            batches.append(batch.events.map(\.requestID))
            return .done
        }
    }

    func testEventsWithinTheWindowAreOneBatchAndFlushDoesNotWaitForTheWindow() {
        let batches = Batches()
        // A window far longer than the test: only the flush can end it.
        let queue = queue(maxBatch: 100, gatherWindow: 60, batches: batches)
        queue.start()
        defer { queue.stop() }
        let ids = (0..<5).map { "g\($0)" }
        for id in ids { queue.enqueue(LedgerFixture.usage(id)) }
        let started = Date()
        XCTAssertTrue(queue.flush())
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "flush ends the gathering")
        XCTAssertEqual(batches.all, [ids])
    }

    func testAFullBatchIsWrittenWithoutWaitingForTheWindow() {
        let batches = Batches()
        let queue = queue(maxBatch: 3, gatherWindow: 60, batches: batches)
        queue.start()
        defer { queue.stop() }
        for id in ["a", "b", "c", "d"] { queue.enqueue(LedgerFixture.usage(id)) }
        let deadline = Date().addingTimeInterval(20)
        while batches.all.isEmpty && Date() < deadline { usleep(2_000) }
        XCTAssertEqual(batches.all.first, ["a", "b", "c"])
        XCTAssertEqual(queue.backlog, 1, "the fourth waits for more, or for the window")
    }

    func testStopWritesWhatIsGathered() {
        let batches = Batches()
        let queue = queue(maxBatch: 100, gatherWindow: 60, batches: batches)
        queue.start()
        queue.enqueue(LedgerFixture.usage("s1"))
        queue.enqueue(LedgerFixture.usage("s2"))
        XCTAssertEqual(queue.stop(), 0)
        XCTAssertEqual(batches.all, [["s1", "s2"]])
    }

    func testWithoutAWindowTheFirstEventIsWrittenAtOnce() {
        let batches = Batches()
        let queue = queue(maxBatch: 100, gatherWindow: 0, batches: batches)
        queue.start()
        defer { queue.stop() }
        queue.enqueue(LedgerFixture.usage("n1"))
        let deadline = Date().addingTimeInterval(20)
        while batches.all.isEmpty && Date() < deadline { usleep(2_000) }
        XCTAssertEqual(batches.all, [["n1"]])
    }
}
