#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread condition variable whose timed waits use the monotonic clock, so a wall-clock step
/// cannot stretch or cut short a bounded wait.
final class PosixCondition: @unchecked Sendable {
    private let raw: UnsafeMutablePointer<pthread_cond_t>

    init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(raw, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(raw)
        raw.deallocate()
    }

    /// Caller holds `mutex`. Spurious wake-ups happen: callers re-check their condition in a loop.
    func wait(releasing mutex: PosixMutex) {
        pthread_cond_wait(raw, mutex.raw)
    }

    /// Caller holds `mutex`. Returns false once `deadline` has passed.
    func wait(releasing mutex: PosixMutex, until deadline: MonotonicDeadline) -> Bool {
        var time = deadline.timespecValue
        return pthread_cond_timedwait(raw, mutex.raw, &time) != ETIMEDOUT
    }

    func signal() { pthread_cond_signal(raw) }
    func broadcast() { pthread_cond_broadcast(raw) }
}
