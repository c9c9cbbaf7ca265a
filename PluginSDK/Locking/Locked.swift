#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// State guarded by a plain pthread mutex, with the same `withLock` shape as `Synchronization.Mutex`.
///
/// For hot paths shared by many threads. On Linux `Mutex` spins in user space and then hands the
/// lock to a sleeping waiter through a priority-inheritance futex. With more busy threads than
/// cores that makes lock convoys: the event bus fell 10-30x with 4 publishers on 2 cores, and the
/// gateway's listener, a thread per connection, spent a tenth of its CPU spinning in `Mutex` at 32
/// connections. A glibc mutex lets whichever thread is running take the lock.
public final class Locked<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let state: UnsafeMutablePointer<State>

    public init(_ initial: State) {
        state = .allocate(capacity: 1)
        state.initialize(to: initial)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @inline(__always)
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state.pointee)
    }
}
