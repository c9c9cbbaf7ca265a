import Foundation

/// Turns a stream of `llm.usage` events into batched ledger transactions.
///
/// The bus delivers events one by one; committing each alone would cost a transaction per
/// request. Subscribers append here and return at once; one writer thread takes everything pending
/// (up to `maxBatch`) and records it in one transaction, so under load batches grow by themselves.
/// Reads that must see every event already delivered (`cost.check`, `cost.report`, …) call
/// `flush()` first. The queue is bounded: a full queue makes the publisher wait (back-pressure)
/// rather than dropping charges.
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
    private var pending: [UsageEvent] = []
    private var enqueued: UInt64 = 0
    private var committed: UInt64 = 0
    private var stopping = false
    private var running = false
    private var failing = false

    private let maxBatch: Int
    private let capacity: Int
    private let firstRetryDelay: Double
    private let maxRetryDelay: Double
    private let process: @Sendable ([UsageEvent]) -> BatchOutcome
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - firstRetryDelay, maxRetryDelay: seconds between attempts at a batch that failed,
    ///     doubling from the first to the most.
    ///   - process: records a batch; called on the queue's writer thread only.
    public init(maxBatch: Int, capacity: Int, firstRetryDelay: Double = 0.1, maxRetryDelay: Double = 5,
                process: @escaping @Sendable ([UsageEvent]) -> BatchOutcome) {
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
        while pending.count >= capacity && !stopping { condition.wait() }
        pending.append(event)
        enqueued += 1
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

    /// Events waiting to be stored (including a batch being retried).
    public var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(enqueued - committed)
    }

    /// Commits what is pending, then ends the writer thread. A store that still fails gets one
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
        let lost = pending.count
        pending.removeAll()
        return lost
    }

    private func run() {
        var delay = firstRetryDelay
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

            let outcome = process(batch)

            condition.lock()
            switch outcome {
            case .done:
                committed += UInt64(batch.count)
                failing = false
                delay = firstRetryDelay
                condition.broadcast()
                condition.unlock()
            case .retry:
                pending.insert(contentsOf: batch, at: 0)
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
