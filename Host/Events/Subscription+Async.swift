extension Subscription {
    /// Publisher side: queue the event, counting a drop if the queue refuses it or evicts to make room.
    /// Returns whether the event was queued.
    @inline(__always)
    func enqueue(_ event: BusEvent, into queue: AsyncDeliveryQueue) -> Bool {
        switch queue.enqueue(event) {
        case .queued:
            return true
        case .queuedEvictingOldest:
            recordDrops(1)
            return true
        case .dropped:
            recordDrops(1)
            return false
        case .unsubscribed:
            return false
        }
    }

    /// Delivery-thread side: calls the handler for each event of the queue's current batch. Stops as soon
    /// as the subscription is gone or the queue stopped (either may happen inside a handler), and counts
    /// the rest of the batch as dropped.
    func deliverBatch(from queue: AsyncDeliveryQueue) {
        var handled: UInt64 = 0
        while isActive.load(ordering: .acquiring) && !queue.stopRequested.load(ordering: .acquiring),
              let event = queue.nextInBatch() {
            handler(event)
            handled += 1
        }
        delivered.wrappingAdd(handled, ordering: .relaxed)
        busCounters.delivered.wrappingAdd(handled, ordering: .relaxed)
        recordDrops(queue.discardBatch())
    }
}
