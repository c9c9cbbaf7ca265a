import Foundation

/// Turns a stream of `llm.usage` events into batched ledger transactions.
///
/// The bus delivers events one by one; committing each alone would cost a transaction per
/// request. Subscribers append here and return at once; one writer thread takes everything waiting
/// (up to `maxBatch`) and records it in one transaction, so under load batches grow by themselves.
/// Reads that must see every event already delivered (`cost.report`, …) call `flush()` first;
/// `cost.check` instead adds `pending()` (numbered events, and the mark each batch stores) to the
/// stored totals, so no request waits for a ledger write. The queue is bounded: a full queue
/// makes the publisher wait (back-pressure) rather than dropping charges.
///
/// A batch the store cannot take (disk full, file read-only) is not dropped: it goes back to the
/// head of the queue and is tried again with growing pauses, so that charges survive until the
/// operator frees space. Retrying is safe because recording is idempotent by request id.
public final class IngestQueue: @unchecked Sendable {
    /// What `process` did with a batch.
    public enum BatchOutcome: Sendable {
        /// Stored (or judged for good: rejected events are not retried).
        case done
        /// Not stored; try again later.
        case retry
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [(sequence: UInt64, event: UsageEvent)] = []
    /// The batch being written (or retried): not known to be committed until `process` returns.
    private var inFlight: [(sequence: UInt64, event: UsageEvent)] = []
    private var enqueued: UInt64 = 0
    private var committed: UInt64 = 0
    private var stopping = false
    private var running = false
    private var failing = false

    private let maxBatch: Int
    private let capacity: Int
    private let firstRetryDelay: Double
    private let maxRetryDelay: Double
    private let process: @Sendable (IngestBatch) -> BatchOutcome
    private let finished = DispatchSemaphore(value: 0)
    /// Names this queue's sequence numbers in the stored mark (they restart with every queue).
    public let runID = UUID().uuidString

    /// - Parameters:
    ///   - firstRetryDelay, maxRetryDelay: seconds between attempts at a batch that failed,
    ///     doubling from the first to the most.
    ///   - process: records a batch, and its mark in the same transaction; called on the queue's
    ///     writer thread only.
    public init(maxBatch: Int, capacity: Int, firstRetryDelay: Double = 0.1, maxRetryDelay: Double = 5,
                process: @escaping @Sendable (IngestBatch) -> BatchOutcome) {
        self.maxBatch = maxBatch
        self.capacity = capacity
        self.firstRetryDelay = firstRetryDelay
        self.maxRetryDelay = maxRetryDelay
        self.process = process
    }

    public func start() {
        condition.lock()
        stopping = false
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = "cost-ingest"
        thread.start()
    }

    public func enqueue(_ event: UsageEvent) {
        condition.lock()
        while waiting.count >= capacity && !stopping { condition.wait() }
        enqueued += 1
        waiting.append((enqueued, event))
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until everything enqueued before this call is committed. Returns false without
    /// waiting further when the store is failing (the events stay queued) or the queue stopped.
    @discardableResult
    public func flush() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let target = enqueued
        while committed < target && running && !failing { condition.wait() }
        return committed >= target
    }

    /// The events not known to be committed, numbered. Constant time (the arrays are copied on write).
    public func pending() -> PendingUsage {
        condition.lock()
        let queued = waiting
        let writing = inFlight
        condition.unlock()
        return PendingUsage(run: runID, events: writing + queued)
    }

    /// Events waiting to be stored (including a batch being retried).
    public var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(enqueued - committed)
    }

    /// Commits what is waiting, then ends the writer thread. A store that still fails gets one
    /// last attempt; what it refuses then is returned (the caller logs it: it is lost).
    @discardableResult
    public func stop() -> Int {
        condition.lock()
        guard running else {
            condition.unlock()
            return 0
        }
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        condition.lock()
        defer { condition.unlock() }
        let lost = waiting.count
        waiting.removeAll()
        inFlight = []
        return lost
    }

    private func run() {
        var delay = firstRetryDelay
        while true {
            condition.lock()
            while waiting.isEmpty && !stopping { condition.wait() }
            if waiting.isEmpty && stopping {
                running = false
                condition.broadcast()
                condition.unlock()
                finished.signal()
                return
            }
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            inFlight = batch
            condition.broadcast()
            condition.unlock()

            let outcome = process(IngestBatch(events: batch.map(\.event), mark: IngestMark(run: runID, through: batch[batch.count - 1].sequence)))

            condition.lock()
            switch outcome {
            case .done:
                inFlight = []
                committed += UInt64(batch.count)
                failing = false
                delay = firstRetryDelay
                condition.broadcast()
                condition.unlock()
            case .retry:
                inFlight = []
                waiting.insert(contentsOf: batch, at: 0)
                failing = true
                condition.broadcast()
                if stopping {
                    // One attempt after stop was asked for; what is still refused is lost.
                    running = false
                    condition.unlock()
                    finished.signal()
                    return
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: delay))
                delay = min(delay * 2, maxRetryDelay)
                condition.unlock()
            }
        }
    }
}
