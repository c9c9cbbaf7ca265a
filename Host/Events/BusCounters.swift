import Synchronization

/// Bus-wide totals. Kept apart from per-subscription counters so totals survive unsubscribes without
/// any bookkeeping at unsubscribe time.
final class BusCounters: Sendable {
    let delivered = Atomic<UInt64>(0)
    let dropped = Atomic<UInt64>(0)
}
