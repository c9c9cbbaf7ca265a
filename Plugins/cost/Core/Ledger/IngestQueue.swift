import AIPBatching
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
public final class IngestQueue: Sendable {
    /// What `process` did with a batch: `.done` (stored, or judged for good) or `.retry`.
    public typealias BatchOutcome = BatchWriter<UsageEvent>.Outcome

    private let writer: BatchWriter<UsageEvent>
    /// The plugin's gather window: 5 ms turns a gateway's steady stream of events into batches of
    /// a dozen and more at a few thousand requests a second; reports flush first and `cost.check`
    /// counts what is pending, so nothing reads stale totals.
    public static let pluginGatherWindow = 0.005
    /// Names this queue's sequence numbers in the stored mark (they restart with every queue).
    public let runID: String

    /// - Parameters:
    ///   - firstRetryDelay, maxRetryDelay: seconds between attempts at a batch that failed,
    ///     doubling from the first to the most.
    ///   - gatherWindow: seconds the writer waits for more events after the first (see `BatchWriter`).
    ///   - process: records a batch, and its mark in the same transaction; called on the queue's
    ///     writer thread only.
    public init(maxBatch: Int, capacity: Int, firstRetryDelay: Double = 0.1, maxRetryDelay: Double = 5, gatherWindow: Double = 0,
                process: @escaping @Sendable (IngestBatch) -> BatchOutcome) {
        let runID = UUID().uuidString
        self.runID = runID
        writer = BatchWriter(threadName: "cost-ingest", maxBatch: maxBatch, capacity: capacity,
                             firstRetryDelay: firstRetryDelay, maxRetryDelay: maxRetryDelay, gatherWindow: gatherWindow) { batch in
            process(IngestBatch(events: batch.map(\.item), mark: IngestMark(run: runID, through: batch[batch.count - 1].sequence)))
        }
    }

    public func start() { writer.start() }

    public func enqueue(_ event: UsageEvent) { writer.enqueue(event) }

    /// Waits until everything enqueued before this call is committed. Returns false without
    /// waiting further when the store is failing (the events stay queued) or the queue stopped.
    @discardableResult
    public func flush() -> Bool { writer.flush() }

    /// The events not known to be committed, numbered. Constant time (the arrays are copied on write).
    public func pending() -> PendingUsage {
        PendingUsage(run: runID, events: writer.unstored())
    }

    /// Events waiting to be stored (including a batch being retried).
    public var backlog: Int { writer.backlog }

    /// Commits what is waiting, then ends the writer thread. A store that still fails gets one
    /// last attempt; what it refuses then is returned (the caller logs it: it is lost).
    @discardableResult
    public func stop() -> Int { writer.stop() }
}
