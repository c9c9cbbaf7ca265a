extension EventBus {
    /// Delivers (sync) or queues (async) to every matching subscription and returns how many that was.
    /// `topic` must already be valid: the host validates once per topic, not per event.
    @discardableResult
    public func publish(topic: String, contentType: String, payload: UnsafeRawBufferPointer, source: String) -> Int {
        let admission = state.withLock { $0.admit(topic) }
        guard !admission.targets.isEmpty else { return 0 }
        guard admission.isAdmitted else { return refuseAfterShutdown(admission.targets) }
        return deliver(BusEvent(topic: topic, contentType: contentType, payload: Self.copy(payload), source: source,
                                sequence: admission.sequence, timestampNanos: WallClock.nanosecondsSinceEpoch()),
                       to: admission.targets)
    }

    /// Same as the raw-buffer variant; the array is shared with subscribers, not copied.
    @discardableResult
    public func publish(topic: String, contentType: String, payload: [UInt8], source: String) -> Int {
        let admission = state.withLock { $0.admit(topic) }
        guard !admission.targets.isEmpty else { return 0 }
        guard admission.isAdmitted else { return refuseAfterShutdown(admission.targets) }
        return deliver(BusEvent(topic: topic, contentType: contentType, payload: payload, source: source,
                                sequence: admission.sequence, timestampNanos: WallClock.nanosecondsSinceEpoch()),
                       to: admission.targets)
    }

    /// Whether a publish to `topic` now would reach a subscription (including one whose events would
    /// be counted as dropped after shutdown). `topic` must already be valid.
    public func hasSubscribers(topic: String) -> Bool {
        state.withLock { !$0.table.targets(of: topic).isEmpty }
    }

    /// `publish` for callers that have not validated `topic`.
    @discardableResult
    public func publishChecked(topic: String, contentType: String, payload: UnsafeRawBufferPointer,
                               source: String) throws(EventBusError) -> Int {
        try EventTopic.validate(topic)
        return publish(topic: topic, contentType: contentType, payload: payload, source: source)
    }

    @discardableResult
    public func publishChecked(topic: String, contentType: String, payload: [UInt8],
                               source: String) throws(EventBusError) -> Int {
        try EventTopic.validate(topic)
        return publish(topic: topic, contentType: contentType, payload: payload, source: source)
    }

    /// Runs outside the bus lock, so handlers may re-enter the bus.
    private func deliver(_ event: BusEvent, to targets: ContiguousArray<Subscription>) -> Int {
        var reached = 0
        var deliveredNow: UInt64 = 0
        var stack: DeliveryStack?
        targets.withUnsafeBufferPointer { subscriptions in
            for index in subscriptions.indices {
                // `targets` keeps every subscription alive for the whole loop, so skip the per-target
                // retain/release pair: with several subscribers it was the largest cost of a publish.
                Unmanaged.passUnretained(subscriptions[index])._withUnsafeGuaranteedRef { subscription in
                    if let queue = subscription.queue {
                        if subscription.enqueue(event, into: queue) { reached += 1 }
                    } else {
                        if stack == nil { stack = DeliveryStack.current }
                        if subscription.deliverNow(event, on: stack.unsafelyUnwrapped) {
                            reached += 1
                            deliveredNow += 1
                        }
                    }
                }
            }
        }
        if deliveredNow > 0 { counters.delivered.wrappingAdd(deliveredNow, ordering: .relaxed) }
        return reached
    }

    /// One copy per event, shared by all its subscribers.
    private static func copy(_ payload: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: payload.count) { buffer, initialized in
            if let bytes = payload.baseAddress, let destination = buffer.baseAddress {
                destination.initialize(from: bytes.assumingMemoryBound(to: UInt8.self), count: payload.count)
            }
            initialized = payload.count
        }
    }

    /// After shutdown nothing is delivered, but every subscription that would have received the event
    /// counts it as dropped.
    private func refuseAfterShutdown(_ targets: ContiguousArray<Subscription>) -> Int {
        for subscription in targets where subscription.isActive.load(ordering: .relaxed) {
            subscription.recordDrops(1)
        }
        return 0
    }
}
