import AIPBatching
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
public final class UsageStatsQueue: Sendable {
    /// What became of each event of a stored batch.
    public typealias Report = @Sendable ([LLMUsageEvent], [RecordOutcome]) -> Void
    /// A storage failure, with the number of events waiting; they will be tried again.
    public typealias FailureReport = @Sendable (Error, Int) -> Void

    private let writer: BatchWriter<LLMUsageEvent>
    /// The plugin's gather window: 5 ms turns a gateway's steady stream of events into batches of
    /// a dozen and more at a few thousand requests a second, and `prompt.stats` flushes first.
    public static let pluginGatherWindow = 0.005

    /// - Parameter gatherWindow: seconds the writer waits for more events after the first (see `BatchWriter`).
    public init(registry: PromptRegistry, maxBatch: Int = 512, capacity: Int = 65_536, firstRetryDelay: Double = 0.1,
                maxRetryDelay: Double = 5, gatherWindow: Double = 0, report: @escaping Report = { _, _ in }, failed: @escaping FailureReport = { _, _ in }) {
        // The writer is created before `self` is whole, so the failure report reads the backlog
        // through a box filled just after.
        let backlog = WriterBox()
        writer = BatchWriter(threadName: "prompt-stats", maxBatch: maxBatch, capacity: capacity,
                             firstRetryDelay: firstRetryDelay, maxRetryDelay: maxRetryDelay, gatherWindow: gatherWindow) { numbered in
            let batch = numbered.map(\.item)
            do {
                report(batch, try registry.recordUsage(batch: batch))
                return .done
            } catch {
                failed(error, backlog.writer?.backlog ?? batch.count)
                return .retry
            }
        }
        backlog.writer = writer
    }

    public func start() { writer.start() }

    /// Checks the event and queues it; a malformed event throws here and is never queued.
    public func enqueue(_ event: LLMUsageEvent) throws {
        try event.validate()
        writer.enqueue(event)
    }

    /// Waits until everything enqueued before this call is stored. Returns false without waiting
    /// further while the store is failing (the events stay queued) or when the queue is not running.
    @discardableResult
    public func flush() -> Bool { writer.flush() }

    /// Events waiting to be stored (including a batch being written or retried).
    public var backlog: Int { writer.backlog }

    /// Stores what is pending, then ends the writer thread. A store that still fails gets one
    /// last attempt; the number of events it refused is returned (the caller logs them as lost).
    @discardableResult
    public func stop() -> Int { writer.stop() }
}

/// Set once, right after the writer exists; read only on its thread afterwards.
private final class WriterBox: @unchecked Sendable {
    var writer: BatchWriter<LLMUsageEvent>?
}
