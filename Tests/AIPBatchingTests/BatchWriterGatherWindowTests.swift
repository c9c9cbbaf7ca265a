import AIPBatching
import Foundation
import Synchronization
import XCTest

/// `BatchWriter`'s gather window: a trickle of items is stored in one batch, and neither a flush nor a
/// full batch nor a stop waits for the window to run out.
final class BatchWriterGatherWindowTests: XCTestCase {
    private final class Recorded: Sendable {
        private let batches = Mutex<[[Int]]>([])
        func add(_ batch: [Int]) { batches.withLock { $0.append(batch) } }
        var all: [[Int]] { batches.withLock { $0 } }
    }

    private func writer(window: Double, maxBatch: Int = 100, batches: Recorded) -> BatchWriter<Int> {
        BatchWriter(threadName: "gather-test", maxBatch: maxBatch, capacity: 1000, gatherWindow: window) { numbered in
            batches.add(numbered.map(\.item))
            return .done
        }
    }

    func testATrickleWithinTheWindowIsOneBatch() {
        let batches = Recorded()
        let queue = writer(window: 0.5, batches: batches)
        queue.start()
        for item in 1...5 {
            queue.enqueue(item)
            usleep(10_000)
        }
        XCTAssertTrue(batches.all.isEmpty, "nothing is written while the batch gathers")
        XCTAssertTrue(queue.flush())
        XCTAssertEqual(batches.all, [[1, 2, 3, 4, 5]])
        _ = queue.stop()
    }

    func testWithoutAWindowEachItemIsWrittenAtOnce() {
        let batches = Recorded()
        let queue = writer(window: 0, batches: batches)
        queue.start()
        for item in 1...3 {
            queue.enqueue(item)
            XCTAssertTrue(queue.flush())
        }
        XCTAssertEqual(batches.all, [[1], [2], [3]])
        _ = queue.stop()
    }

    func testFlushFullBatchesAndStopDoNotWaitForTheWindow() {
        let batches = Recorded()
        let queue = writer(window: 30, maxBatch: 3, batches: batches)
        queue.start()
        let started = Date()
        queue.enqueue(1)
        XCTAssertTrue(queue.flush())
        for item in 2...4 { queue.enqueue(item) }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, batches.all.count < 2 { usleep(1_000) }
        queue.enqueue(5)
        XCTAssertEqual(queue.stop(), 0, "stop stores what waits")
        XCTAssertEqual(batches.all, [[1], [2, 3, 4], [5]])
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "no wait ran to the 30 s window")
    }
}
