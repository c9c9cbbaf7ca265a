/// Where a handler runs.
public enum DeliveryMode: Sendable {
    /// On the publisher's thread, inside `publish`, in subscription order.
    case sync
    /// On the subscription's own delivery thread, fed by a bounded FIFO queue. Events from one
    /// publishing thread arrive in the order it published them; events from concurrent publishers
    /// interleave in the order they reached the queue (not necessarily `sequence` order).
    case async
}

/// What an async subscription does with an event when its queue is full. Every drop is counted.
public enum OverflowPolicy: Sendable, Equatable {
    /// Discard the event being published.
    case dropNewest
    /// Evict the oldest queued event to make room.
    case dropOldest
    /// Make the publisher wait up to `timeoutMillis` for room, then discard the event.
    case block(timeoutMillis: Int)
}

public struct SubscribeOptions: Sendable {
    public var delivery: DeliveryMode = .sync
    /// Async only; values below 1 are treated as 1.
    public var queueCapacity: Int = 1024
    /// Async only.
    public var overflow: OverflowPolicy = .dropNewest

    public init(delivery: DeliveryMode = .sync, queueCapacity: Int = 1024, overflow: OverflowPolicy = .dropNewest) {
        self.delivery = delivery
        self.queueCapacity = queueCapacity
        self.overflow = overflow
    }
}
