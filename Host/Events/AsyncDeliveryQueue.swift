#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import AIPLocking

/// An async subscription's bounded FIFO between publishers and its one delivery thread.
///
/// The consumer swaps the whole ring out in O(1) under the lock and delivers from its copy with the lock
/// released, so publishers are held up for nanoseconds, never for a handler. A batch being delivered
/// no longer occupies queue capacity.
final class AsyncDeliveryQueue: @unchecked Sendable {
    enum StopReason { case unsubscribed, shutDown }

    enum EnqueueResult {
        case queued
        /// Queued, and the oldest queued event was evicted to make room (dropOldest).
        case queuedEvictingOldest
        /// Not queued: full, or the bus shut down. Counts as a drop.
        case dropped
        /// Not queued because the subscription is gone: not a drop, the subscription no longer exists.
        case unsubscribed
    }

    enum IdleWait { case wasIdle, becameIdle, timedOut }

    private struct State {
        var ring: EventRing
        var stopReason: StopReason?
        var consumer: pthread_t?
        var consumerSleeping = false
        var consumerFinished = false
        var batchBeingDelivered = false

        var isIdle: Bool { (ring.isEmpty && !batchBeingDelivered) || consumerFinished }

        var isOnConsumerThread: Bool { consumer.map(DeliveryThread.isCurrent) ?? false }

        var refusal: EnqueueResult? {
            stopReason.map { $0 == .unsubscribed ? .unsubscribed : .dropped }
        }

        /// Returns whether the consumer must be woken (done outside the lock).
        mutating func append(_ event: BusEvent) -> Bool {
            ring.append(event)
            defer { consumerSleeping = false }
            return consumerSleeping
        }
    }

    let capacity: Int
    let overflow: OverflowPolicy
    /// After a batch, the consumer yields this many times looking for more before it sleeps: while events
    /// keep coming this spares publishers the wake-up system call, the dominant cost otherwise.
    private static let lingerRounds = 16

    private let state: Locked<State>
    /// Set by `stop`; read by the delivery thread between handler calls, without the lock, so that it
    /// abandons the rest of a batch promptly.
    let stopRequested = Atomic<Bool>(false)
    /// The batch being delivered. Touched only by the delivery thread (including from inside a handler,
    /// when it unsubscribes itself), hence no lock; unchecked-Sendable on the class is for this field.
    private let batch: UnsafeMutablePointer<EventRing>
    private let consumerWake = PosixSemaphore()
    private let progress = ProgressMonitor()

    init(capacity: Int, overflow: OverflowPolicy) {
        self.capacity = max(1, capacity)
        self.overflow = overflow
        self.state = Locked(State(ring: EventRing(initialSlots: min(self.capacity, 64))))
        self.batch = .allocate(capacity: 1)
        self.batch.initialize(to: EventRing(initialSlots: min(self.capacity, 64)))
    }

    deinit {
        batch.deinitialize(count: 1)
        batch.deallocate()
    }

    var queuedCount: Int { state.withLock { $0.ring.count } }

    // MARK: Consumer

    /// Starts the delivery thread, which calls `deliver` for every batch until stopped; `deliver` takes
    /// the events with `nextInBatch` and `discardBatch`. Returns false if the system refused a thread;
    /// the queue is then stopped and counts publishes as drops.
    @discardableResult
    func start(deliver: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard state.stopReason == nil else {
                state.consumerFinished = true
                return true
            }
            // Created under the (per-queue) lock so that `consumer` is set before the thread can look at it.
            guard let thread = DeliveryThread.start({ [self] in consume(with: deliver) }) else {
                state.stopReason = .shutDown
                state.consumerFinished = true
                return false
            }
            state.consumer = thread
            return true
        }
    }

    private enum ConsumerStep { case deliver, linger, sleep, finish }

    /// Delivery thread only.
    func nextInBatch() -> BusEvent? { batch.pointee.removeFirst() }

    /// Delivery thread only. Returns how many events were discarded.
    func discardBatch() -> Int { batch.pointee.removeAll() }

    private func consume(with deliver: () -> Void) {
        var lingered = 0
        while true {
            let step = state.withLock { state -> ConsumerStep in
                // Stopping discards what is left: shutdown drains before it stops, unsubscribe must not deliver.
                if state.stopReason != nil {
                    state.consumerFinished = true
                    state.consumer = nil  // the id may be reused by a later thread
                    return .finish
                }
                if state.ring.isEmpty {
                    if lingered < Self.lingerRounds { return .linger }
                    state.consumerSleeping = true
                    return .sleep
                }
                swap(&state.ring, &batch.pointee)
                state.batchBeingDelivered = true
                return .deliver
            }
            switch step {
            case .finish:
                progress.notifyIfWaiting()
                return
            case .sleep:
                consumerWake.wait()
            case .linger:
                lingered += 1
                sched_yield()
            case .deliver:
                progress.notifyIfWaiting()  // room for blocked publishers
                deliver()
                state.withLock { $0.batchBeingDelivered = false }
                progress.notifyIfWaiting()  // drainers wait for the batch to finish
                lingered = 0
            }
        }
    }

    // MARK: Publishers

    func enqueue(_ event: BusEvent) -> EnqueueResult {
        var wake = false
        let result = state.withLock { state -> EnqueueResult? in
            if let refusal = state.refusal { return refusal }
            if state.ring.count < capacity {
                wake = state.append(event)
                return .queued
            }
            switch overflow {
            case .dropNewest:
                return .dropped
            case .dropOldest:
                _ = state.ring.removeFirst()
                wake = state.append(event)
                return .queuedEvictingOldest
            case .block:
                // A handler publishing into its own full queue would wait for itself: drop at once instead.
                return state.isOnConsumerThread ? .dropped : nil
            }
        }
        if wake { consumerWake.post() }
        if let result { return result }
        guard case .block(let timeoutMillis) = overflow else { return .dropped }
        return enqueueWhenRoom(event, deadline: .after(.milliseconds(max(0, timeoutMillis))))
    }

    private func enqueueWhenRoom(_ event: BusEvent, deadline: MonotonicDeadline) -> EnqueueResult {
        while true {
            var wake = false
            let result = state.withLock { state -> EnqueueResult? in
                if let refusal = state.refusal { return refusal }
                guard state.ring.count < capacity else { return nil }
                wake = state.append(event)
                return .queued
            }
            if wake { consumerWake.post() }
            if let result { return result }
            let hasRoom = progress.wait(until: deadline) {
                state.withLock { $0.ring.count < capacity || $0.stopReason != nil }
            }
            // Room may be taken by another publisher before we get the lock: then go round again.
            if !hasRoom { return .dropped }
        }
    }

    // MARK: Drain and stop

    /// Waits until the ring is empty and no batch is being delivered. On the delivery thread itself it
    /// cannot wait (it would be waiting for itself), so it only reports whether the ring is empty.
    func waitUntilIdle(deadline: MonotonicDeadline) -> IdleWait {
        let (idle, onConsumerThread, ringEmpty) = state.withLock { ($0.isIdle, $0.isOnConsumerThread, $0.ring.isEmpty) }
        if idle { return .wasIdle }
        if onConsumerThread { return ringEmpty ? .wasIdle : .timedOut }
        return progress.wait(until: deadline) { state.withLock(\.isIdle) } ? .becameIdle : .timedOut
    }

    /// How long `stop` waits for the delivery thread to finish its current handler call.
    enum ConsumerWait {
        /// Until it has finished: after `stop` returns no handler call is running or will start.
        case untilFinished
        /// Bounded, for shutdown: a stuck handler must not hang the host.
        case until(MonotonicDeadline)
        /// Not at all (deinit, which may run on the delivery thread itself).
        case none
    }

    /// Stops delivery for good and returns how many queued events were discarded. Never waits when
    /// called from the delivery thread itself (a handler), which cannot finish until this returns; then
    /// the rest of the current batch is discarded too, so the count is final either way.
    func stop(_ reason: StopReason, wait: ConsumerWait = .untilFinished) -> Int {
        let (wake, onConsumerThread) = state.withLock { state in
            if state.stopReason == nil { state.stopReason = reason }
            if state.consumer == nil { state.consumerFinished = true }  // never started
            defer { state.consumerSleeping = false }
            return (state.consumerSleeping, state.isOnConsumerThread)
        }
        stopRequested.store(true, ordering: .releasing)
        if wake { consumerWake.post() }
        progress.notifyIfWaiting()  // blocked publishers give up
        if !onConsumerThread {
            switch wait {
            case .untilFinished: _ = progress.wait(until: nil) { state.withLock(\.consumerFinished) }
            case .until(let deadline): _ = progress.wait(until: deadline) { state.withLock(\.consumerFinished) }
            case .none: break
            }
        }
        let discardedBatch = onConsumerThread ? discardBatch() : 0
        return discardedBatch + state.withLock { $0.ring.removeAll() }
    }
}
