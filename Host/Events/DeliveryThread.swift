#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dedicated, detached pthreads for async subscriptions. Dedicated (not Dispatch) so a slow subscriber
/// holds only its own thread; detached because the queue itself records when its consumer has finished.
enum DeliveryThread {
    /// Returns nil when the system refuses another thread.
    static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(DeliveryThreadStart(body: body)).toOpaque()
        var created = pthread_t()
        guard pthread_create(&created, nil, runDeliveryThread, context) == 0 else {
            Unmanaged<DeliveryThreadStart>.fromOpaque(context).release()
            return nil
        }
        pthread_detach(created)
        return created
    }

    static func isCurrent(_ thread: pthread_t) -> Bool {
        pthread_equal(pthread_self(), thread) != 0
    }
}

/// The pthread entry point; a file-level function because C function pointers cannot refer to methods.
private func runDeliveryThread(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<DeliveryThreadStart>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}

private final class DeliveryThreadStart {
    let body: @Sendable () -> Void

    init(body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}
