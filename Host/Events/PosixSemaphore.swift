#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An unnamed POSIX semaphore: the cheapest way to park one thread and wake it from another when the
/// state that decides about sleeping lives under a different lock (a `Synchronization.Mutex`).
final class PosixSemaphore: @unchecked Sendable {
    private let raw: UnsafeMutablePointer<sem_t>

    init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: sem_t())
        sem_init(raw, 0, 0)
    }

    deinit {
        sem_destroy(raw)
        raw.deallocate()
    }

    func wait() {
        while sem_wait(raw) != 0 && errno == EINTR {}
    }

    func post() {
        sem_post(raw)
    }
}
