import AIPluginKit
import Foundation
import HTTPCore
import Synchronization

/// The open `GET /v1/events` streams. Each is a bus subscription feeding an AsyncStream that the
/// response body writes out; closing all of them lets a graceful stop finish.
final class EventStreams: Sendable {
    private let open = Mutex<[UInt64: EventStream]>([:])
    private let nextID = Atomic<UInt64>(1)

    func add(_ stream: EventStream) -> UInt64 {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        open.withLock { $0[id] = stream }
        return id
    }

    func remove(_ id: UInt64) {
        _ = open.withLock { $0.removeValue(forKey: id) }
    }

    func closeAll() {
        for stream in open.withLock({ Array($0.values) }) { stream.close() }
    }
}

/// One client's event stream. Events beyond `capacity` waiting to be written are dropped, and the
/// client is told how many in a comment line, so nothing is lost silently.
final class EventStream: Sendable {
    let chunks: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let dropped = Atomic<Int>(0)
    private let subscription = Mutex<UInt64?>(nil)
    private let context: PluginContext

    init(context: PluginContext, capacity: Int = 4096) {
        self.context = context
        (chunks, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
    }

    /// Subscribes to `pattern` on the bus; throws when the pattern is invalid.
    func subscribe(pattern: String) throws {
        let id = try context.subscribe(pattern, delivery: .async(queueCapacity: 1024, overflow: .dropNewest)) { [self] event in
            let text = ServerSentEvents.frame(topic: event.topic, sequence: event.sequence, source: event.source,
                                              payload: String(decoding: event.payload, as: UTF8.self))
            if case .dropped = continuation.yield(text) { dropped.add(1, ordering: .relaxed) }
        }
        subscription.withLock { $0 = id }
    }

    func heartbeat() {
        let lost = dropped.exchange(0, ordering: .relaxed)
        continuation.yield(lost > 0 ? ": dropped \(lost) events (client too slow)\n\n" : ServerSentEvents.heartbeat)
    }

    func close() {
        if let id = subscription.withLock({ state -> UInt64? in
            defer { state = nil }
            return state
        }) {
            context.unsubscribe(id)
        }
        continuation.finish()
    }
}
