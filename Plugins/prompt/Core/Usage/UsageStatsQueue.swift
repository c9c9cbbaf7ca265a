import Foundation

/// Feeds `llm.usage` events to the registry's statistics in batches, off the caller's thread.
///
/// One SQLite transaction per event costs more than the request that produced it; here the
/// subscriber appends and returns, and one writer thread records everything pending (up to
/// `maxBatch`) in one transaction, so under load batches grow by themselves. `flush()` waits
/// until everything enqueued before it is stored (`prompt.stats` calls it first).
///
/// A batch the store refuses (disk full, size cap, locked file) is not dropped: it goes back to
/// the head of the queue and is tried again with growing pauses. Recording is idempotent by
/// request id, so a retry never counts twice. Only when `capacity` events wait does `enqueue`
/// block: back-pressure that reaches the publisher only while the store keeps failing.
public final class UsageStatsQueue: @unchecked Sendable {
    /// What became of each event of a stored batch.
    public typealias Report = @Sendable ([LLMUsageEvent], [RecordOutcome]) -> Void
    /// A storage failure, with the number of events waiting; they will be tried again.
    public typealias FailureReport = @Sendable (Error, Int) -> Void

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [LLMUsageEvent] = []
    private var enqueued: UInt64 = 0
    private var stored: UInt64 = 0
    private var stopping = false
    private var running = false
    private var failing = false

    private let registry: PromptRegistry
    private let maxBatch: Int
    private let capacity: Int
    private let firstRetryDelay: Double
    private let maxRetryDelay: Double
    private let report: Report
    private let failed: FailureReport
    private let finished = DispatchSemaphore(value: 0)

    public init(registry: PromptRegistry, maxBatch: Int = 512, capacity: Int = 65_536, firstRetryDelay: Double = 0.1,
                maxRetryDelay: Double = 5, report: @escaping Report = { _, _ in }, failed: @escaping FailureReport = { _, _ in }) {
        self.registry = registry
        self.maxBatch = max(1, maxBatch)
        self.capacity = max(1, capacity)
        self.firstRetryDelay = firstRetryDelay
        self.maxRetryDelay = maxRetryDelay
        self.report = report
        self.failed = failed
    }

    public func start() {
        condition.lock()
        guard !running else {
            condition.unlock()
            return
        }
        stopping = false
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = "prompt-stats"
        thread.start()
    }

    /// Checks the event and queues it; a malformed event throws here and is never queued.
    public func enqueue(_ event: LLMUsageEvent) throws {
        try event.validate()
        condition.lock()
        while pending.count >= capacity && !stopping { condition.wait() }
        pending.append(event)
        enqueued += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until everything enqueued before this call is stored. Returns false without waiting
    /// further while the store is failing (the events stay queued) or when the queue is not running.
    @discardableResult
    public func flush() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let target = enqueued
        while stored < target && running && !failing { condition.wait() }
        return stored >= target
    }

    /// Events waiting to be stored (including a batch being written or retried).
    public var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(enqueued - stored)
    }

    /// Stores what is pending, then ends the writer thread. A store that still fails gets one
    /// last attempt; the number of events it refused is returned (the caller logs them as lost).
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
            if pending.isEmpty {
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

            do {
                let outcomes = try registry.recordUsage(batch: batch)
                report(batch, outcomes)
                condition.lock()
                stored += UInt64(batch.count)
                failing = false
                delay = firstRetryDelay
                condition.broadcast()
                condition.unlock()
            } catch {
                condition.lock()
                pending.insert(contentsOf: batch, at: 0)
                failing = true
                let waiting = pending.count
                condition.broadcast()
                let last = stopping
                if last {
                    // One attempt after stop was asked for; what is still refused is lost.
                    running = false
                    condition.unlock()
                    failed(error, waiting)
                    finished.signal()
                    return
                }
                condition.unlock()
                failed(error, waiting)
                condition.lock()
                _ = condition.wait(until: Date(timeIntervalSinceNow: delay))
                delay = min(delay * 2, maxRetryDelay)
                condition.unlock()
            }
        }
    }
}
