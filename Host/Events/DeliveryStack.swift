#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sync subscriptions whose handlers are running on the current thread, innermost last.
///
/// `unsubscribe` waits for handler calls still running on other threads, but must not wait for a call
/// further up its own stack (a handler unsubscribing itself, directly or through a nested publish):
/// that call cannot finish until `unsubscribe` returns. This per-thread record tells the two apart.
final class DeliveryStack {
    // Raw storage rather than an Array: this sits on the publish hot path, and an Array property of a
    // class pays a dynamic exclusivity check on every push and pop. Only its own thread ever touches it.
    private let depth: UnsafeMutablePointer<Int>
    private var running: UnsafeMutablePointer<UInt64>
    private var capacity = 16

    init() {
        depth = .allocate(capacity: 1)
        depth.initialize(to: 0)
        running = .allocate(capacity: capacity)
    }

    deinit {
        depth.deallocate()
        running.deallocate()
    }

    /// This thread's stack, created on first use and freed when the thread exits.
    static var current: DeliveryStack {
        if let existing = pthread_getspecific(deliveryStackKey) {
            return Unmanaged<DeliveryStack>.fromOpaque(existing).takeUnretainedValue()
        }
        let created = DeliveryStack()
        pthread_setspecific(deliveryStackKey, Unmanaged.passRetained(created).toOpaque())
        return created
    }

    /// How many calls of `subscription` are running on this thread right now (without creating a stack).
    static func callsOnCurrentThread(of subscription: UInt64) -> Int {
        guard let existing = pthread_getspecific(deliveryStackKey) else { return 0 }
        let stack = Unmanaged<DeliveryStack>.fromOpaque(existing).takeUnretainedValue()
        return UnsafeBufferPointer(start: stack.running, count: stack.depth.pointee).lazy.filter { $0 == subscription }.count
    }

    @inline(__always) func push(_ subscription: UInt64) {
        if depth.pointee == capacity { grow() }
        running[depth.pointee] = subscription
        depth.pointee += 1
    }

    @inline(__always) func pop() {
        depth.pointee -= 1
    }

    /// Only reached by handlers that publish recursively more than 16 deep.
    private func grow() {
        let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
        larger.update(from: running, count: capacity)
        running.deallocate()
        running = larger
        capacity *= 2
    }
}

private let deliveryStackKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { stack in releaseDeliveryStack(stack) }
    return key
}()

/// Thread-exit destructor. Takes an optional so it fits both platforms' destructor signatures.
private func releaseDeliveryStack(_ stack: UnsafeMutableRawPointer?) {
    guard let stack else { return }
    Unmanaged<DeliveryStack>.fromOpaque(stack).release()
}
