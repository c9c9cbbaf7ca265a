import Synchronization

/// Where threads sleep until an async queue moves on: publishers blocked on a full queue, drainers and
/// stoppers. Separate from the queue's data lock so the consumer's hot loop never touches a condition
/// variable unless somebody is actually waiting.
final class ProgressMonitor: Sendable {
    private let mutex = PosixMutex()
    private let condition = PosixCondition()
    private let waiters = Atomic<Int>(0)

    /// Called after every change a waiter might care about. The sequentially consistent count pairs
    /// with `wait`'s increment-then-check, so a waiter either sees the change or is woken by this.
    func notifyIfWaiting() {
        guard waiters.load(ordering: .sequentiallyConsistent) > 0 else { return }
        mutex.withLock { condition.broadcast() }
    }

    /// Sleeps until `isDone()` is true (returns true) or `deadline` passes (returns `isDone()` then).
    /// `isDone` may take the queue's data lock; nothing takes this monitor's lock while holding that one.
    func wait(until deadline: MonotonicDeadline?, isDone: () -> Bool) -> Bool {
        waiters.wrappingAdd(1, ordering: .sequentiallyConsistent)
        defer { waiters.wrappingSubtract(1, ordering: .sequentiallyConsistent) }
        mutex.lock()
        defer { mutex.unlock() }
        while !isDone() {
            if let deadline {
                if !condition.wait(releasing: mutex, until: deadline) { return isDone() }
            } else {
                condition.wait(releasing: mutex)
            }
        }
        return true
    }
}
