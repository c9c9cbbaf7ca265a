import CostCore
import Foundation

/// Turns a stream of `llm.usage` events into batched ledger transactions.
///
/// The bus delivers events one by one; committing each alone would cost a transaction per
/// request. Subscribers append here and return at once; one writer thread takes everything pending
/// (up to `maxBatch`) and records it in one transaction, so under load batches grow by themselves.
/// Reads that must see every event already delivered (`cost.check`, `cost.report`, …) call
/// `flush()` first. The queue is bounded: a full queue makes the publisher wait (back-pressure)
/// rather than dropping charges.
final class IngestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [UsageEvent] = []
    private var enqueued: UInt64 = 0
    private var committed: UInt64 = 0
    private var stopping = false
    private var running = false

    private let maxBatch: Int
    private let capacity: Int
    private let process: @Sendable ([UsageEvent]) -> Void
    private let finished = DispatchSemaphore(value: 0)

    init(maxBatch: Int, capacity: Int, process: @escaping @Sendable ([UsageEvent]) -> Void) {
        self.maxBatch = maxBatch
        self.capacity = capacity
        self.process = process
    }

    func start() {
        condition.lock()
        stopping = false
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = "cost-ingest"
        thread.start()
    }

    func enqueue(_ event: UsageEvent) {
        condition.lock()
        while pending.count >= capacity && !stopping { condition.wait() }
        pending.append(event)
        enqueued += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until everything enqueued before this call is committed (or the queue stops).
    func flush() {
        condition.lock()
        let target = enqueued
        while committed < target && running { condition.wait() }
        condition.unlock()
    }

    /// Commits what is pending, then ends the writer thread.
    func stop() {
        condition.lock()
        guard running else {
            condition.unlock()
            return
        }
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty && stopping {
                running = false
                condition.broadcast()
                condition.unlock()
                finished.signal()
                return
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            condition.broadcast()
            condition.unlock()

            process(batch)

            condition.lock()
            committed += UInt64(batch.count)
            condition.broadcast()
            condition.unlock()
        }
    }
}
