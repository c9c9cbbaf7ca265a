/// Where `unsubscribe` sleeps until sync handler calls on other threads have returned. Shared by the
/// whole bus: it is only signalled when a handler of an already-removed subscription finishes, which is rare.
final class HandlerExitSignal: Sendable {
    private let mutex = PosixMutex()
    private let condition = PosixCondition()

    func notifyAll() {
        mutex.withLock { condition.broadcast() }
    }

    func wait(until done: () -> Bool) {
        mutex.lock()
        while !done() { condition.wait(releasing: mutex) }
        mutex.unlock()
    }
}
