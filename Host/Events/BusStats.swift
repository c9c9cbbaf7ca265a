public struct SubscriptionStats: Sendable {
    public let id: SubscriptionID
    public let pattern: String
    public let owner: String
    public let delivery: DeliveryMode
    /// Handler calls completed.
    public let delivered: UInt64
    /// Events meant for this subscription that it will never see: overflow, shutdown, or still queued when
    /// it was unsubscribed.
    public let dropped: UInt64
    /// Waiting in the async queue now (0 for sync).
    public let queued: Int
    /// Async queue capacity (0 for sync).
    public let capacity: Int

    public init(id: SubscriptionID, pattern: String, owner: String, delivery: DeliveryMode,
                delivered: UInt64, dropped: UInt64, queued: Int, capacity: Int) {
        self.id = id
        self.pattern = pattern
        self.owner = owner
        self.delivery = delivery
        self.delivered = delivered
        self.dropped = dropped
        self.queued = queued
        self.capacity = capacity
    }
}

public struct BusStats: Sendable {
    /// Events admitted while the bus was open (with or without subscribers).
    public let published: UInt64
    /// Handler calls completed, over all subscriptions ever, including removed ones.
    public let delivered: UInt64
    /// Event-for-subscription drops, over all subscriptions ever, including removed ones.
    public let dropped: UInt64
    /// Current subscriptions, in subscription order.
    public let subscriptions: [SubscriptionStats]

    public init(published: UInt64, delivered: UInt64, dropped: UInt64, subscriptions: [SubscriptionStats]) {
        self.published = published
        self.delivered = delivered
        self.dropped = dropped
        self.subscriptions = subscriptions
    }
}
