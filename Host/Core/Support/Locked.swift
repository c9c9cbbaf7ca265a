import Foundation

/// State behind a plain pthread mutex. Used instead of `Synchronization.Mutex` on the hot paths:
/// on Linux the latter piled up under contention when threads outnumbered cores (measured while
/// building the event bus: 4 publishers on 2 cores fell to 0.06 M events/s).
final class Locked<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var state: State

    init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always) func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
