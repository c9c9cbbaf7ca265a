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
    private struct Storage {
        var depth = 0
        var capacity = 16
        var items = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
    }

    // Raw storage behind a `let` rather than Array properties: this sits on the publish hot path, and
    // mutable class properties pay a dynamic exclusivity check on every access. Only its own thread
    // ever touches it.
    private let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    deinit {
        storage.pointee.items.deallocate()
        storage.deallocate()
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
        let storage = Unmanaged<DeliveryStack>.fromOpaque(existing).takeUnretainedValue().storage.pointee
        return UnsafeBufferPointer(start: storage.items, count: storage.depth).lazy.filter { $0 == subscription }.count
    }

    @inline(__always) func push(_ subscription: UInt64) {
        if storage.pointee.depth == storage.pointee.capacity { grow() }
        storage.pointee.items[storage.pointee.depth] = subscription
        storage.pointee.depth += 1
    }

    @inline(__always) func pop() {
        storage.pointee.depth -= 1
    }

    /// Only reached by handlers that publish recursively more than 16 deep.
    private func grow() {
        let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: storage.pointee.capacity * 2)
        larger.update(from: storage.pointee.items, count: storage.pointee.capacity)
        storage.pointee.items.deallocate()
        storage.pointee.items = larger
        storage.pointee.capacity *= 2
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
