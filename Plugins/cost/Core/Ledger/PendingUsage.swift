import AIPBatching
import Foundation

/// Where the ingest queue stands in the ledger: its run (one per queue) and the sequence number
/// of the last event committed, stored with each batch.
public struct IngestMark: Sendable, Equatable {
    public let run: String
    public let through: UInt64
}

/// One batch handed to the store, with the mark to record in the same transaction.
public struct IngestBatch: Sendable {
    public let events: [UsageEvent]
    public let mark: IngestMark
}

/// The events of an ingest queue not known to be committed (queued or in a batch being written),
/// each with its sequence number. `cost.check` counts those past the stored mark.
public struct PendingUsage: Sendable {
    public let run: String
    public let events: [BatchWriter<UsageEvent>.Numbered]

    public init(run: String, events: [BatchWriter<UsageEvent>.Numbered]) {
        self.run = run
        self.events = events
    }

    public var isEmpty: Bool { events.isEmpty }
}
