import Synchronization

/// One subscription as the bus keeps it. Publishers hold references to it outside the bus lock, so
/// everything they touch is atomic or immutable.
final class Subscription: Sendable {
    let id: SubscriptionID
    let pattern: TopicPattern
    let owner: String
    let handler: @Sendable (BusEvent) -> Void
    /// nil for sync delivery.
    let queue: AsyncDeliveryQueue?

    /// Cleared (first thing) by unsubscribe; nothing calls the handler once it has been seen cleared.
    let isActive = Atomic<Bool>(true)
    /// Sync handler calls in progress, on any thread; unsubscribe waits for it to fall to its own share.
    let callsInProgress = Atomic<Int>(0)
    let delivered = Atomic<UInt64>(0)
    let dropped = Atomic<UInt64>(0)

    let busCounters: BusCounters
    let handlerExits: HandlerExitSignal

    init(id: SubscriptionID, pattern: TopicPattern, owner: String, options: SubscribeOptions,
         handler: @escaping @Sendable (BusEvent) -> Void, busCounters: BusCounters, handlerExits: HandlerExitSignal) {
        self.id = id
        self.pattern = pattern
        self.owner = owner
        self.handler = handler
        self.queue = options.delivery == .async
            ? AsyncDeliveryQueue(capacity: options.queueCapacity, overflow: options.overflow) : nil
        self.busCounters = busCounters
        self.handlerExits = handlerExits
    }

    func recordDrops(_ count: Int) {
        guard count > 0 else { return }
        dropped.wrappingAdd(UInt64(count), ordering: .relaxed)
        busCounters.dropped.wrappingAdd(UInt64(count), ordering: .relaxed)
    }

    func stats() -> SubscriptionStats {
        SubscriptionStats(id: id, pattern: pattern.text, owner: owner, delivery: queue == nil ? .sync : .async,
                          delivered: delivered.load(ordering: .relaxed), dropped: dropped.load(ordering: .relaxed),
                          queued: queue?.queuedCount ?? 0, capacity: queue?.capacity ?? 0)
    }
}
