/// State guarded by a plain pthread mutex, with the same `withLock` shape as `Synchronization.Mutex`.
///
/// Used for the bus lock and the async queue locks instead of `Mutex`: on Linux `Mutex` is a
/// priority-inheritance futex that hands the lock straight to a sleeping waiter. With more busy threads
/// than cores (4 publishers, or a publisher and 8 delivery threads, on 2 cores) that produced lock
/// convoys, throughput falling 10-30x as waiters spun while the new owner waited to be scheduled. A glibc
/// mutex lets whichever thread is running take the lock.
final class PosixLocked<State>: @unchecked Sendable {
    private let mutex = PosixMutex()
    private let state: UnsafeMutablePointer<State>

    init(_ initial: State) {
        state = .allocate(capacity: 1)
        state.initialize(to: initial)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&state.pointee)
    }
}
