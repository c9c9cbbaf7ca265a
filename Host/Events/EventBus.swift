import Synchronization
import AIPLocking

/// The host's publish/subscribe hub. Plugins publish and subscribe through the host, which calls this.
///
/// A publish takes the bus lock once (to find the cached targets and number the event), then delivers
/// with the lock released, so handlers may publish, subscribe and unsubscribe freely.
///
/// A handler that captures the bus keeps it alive until that subscription is unsubscribed.
public final class EventBus: Sendable {
    /// The bus lock: held only to look up targets and number an event, or to change subscriptions.
    let state = Locked(BusState())
    let counters = BusCounters()
    let handlerExits = HandlerExitSignal()
    private let nextID = Atomic<UInt64>(1)

    public init() {}

    deinit {
        // Without this, delivery threads would sleep forever on queues nobody can reach any more.
        // No waiting: the last reference may be dropped on one of those very threads.
        let subscriptions = state.withLock { $0.table.subscriptions }
        for subscription in subscriptions {
            subscription.isActive.store(false, ordering: .sequentiallyConsistent)
            _ = subscription.queue?.stop(.shutDown, wait: .none)
        }
    }

    /// Throws unless `topic` is a valid concrete topic (same as `EventTopic.validate`).
    public static func validateTopic(_ topic: String) throws(EventBusError) {
        try EventTopic.validate(topic)
    }

    /// Sync handlers run on the publisher's thread, in subscription order. Async ones get their own
    /// queue and delivery thread; if the system refuses a thread, that subscription counts every event
    /// as dropped (visible in `stats()`), it is never silently deaf.
    @discardableResult
    public func subscribe(_ pattern: TopicPattern, owner: String, options: SubscribeOptions = .init(),
                          handler: @escaping @Sendable (BusEvent) -> Void) -> SubscriptionID {
        let id = SubscriptionID(rawValue: nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
        let subscription = Subscription(id: id, pattern: pattern, owner: owner, options: options, handler: handler,
                                        busCounters: counters, handlerExits: handlerExits)
        let isOpen = state.withLock { state in
            state.table.add(subscription)
            return !state.isShutDown
        }
        if let queue = subscription.queue {
            // Started after registering so the thread is never created under the bus lock; events
            // published in between simply wait in the queue.
            if isOpen {
                queue.start { subscription.deliverBatch(from: queue) }
            } else {
                _ = queue.stop(.shutDown)
            }
        }
        return id
    }

    /// After this returns the handler is never called again. Waits for calls in progress on other
    /// threads (a handler that unsubscribes itself does not wait for itself). Two handlers that
    /// unsubscribe each other at the same moment from different threads would wait for each other.
    @discardableResult
    public func unsubscribe(_ id: SubscriptionID) -> Bool {
        guard let subscription = state.withLock({ $0.table.remove(id) }) else { return false }
        retire(subscription)
        return true
    }

    /// Removes every subscription of `owner`, e.g. when a plugin stops; same guarantees as `unsubscribe`.
    public func unsubscribeAll(owner: String) {
        for subscription in state.withLock({ $0.table.removeAll(ownedBy: owner) }) {
            retire(subscription)
        }
    }

    private func retire(_ subscription: Subscription) {
        subscription.isActive.store(false, ordering: .sequentiallyConsistent)
        if let queue = subscription.queue {
            subscription.recordDrops(queue.stop(.unsubscribed))
        } else {
            subscription.waitForOtherThreadsCalls()
        }
    }

    public func stats() -> BusStats {
        let (subscriptions, published) = state.withLock { ($0.table.subscriptions, $0.lastSequence) }
        // Per-subscription figures are read outside the bus lock: queue locks are never taken inside it.
        return BusStats(published: published,
                        delivered: counters.delivered.load(ordering: .relaxed),
                        dropped: counters.dropped.load(ordering: .relaxed),
                        subscriptions: subscriptions.map { $0.stats() })
    }
}
