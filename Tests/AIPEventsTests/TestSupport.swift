import AIPEvents
import Dispatch
import Foundation
import XCTest

/// Collects what handlers saw, from any thread. NSLock rather than `Synchronization.Mutex`: the
/// thread sanitizer cannot see the kernel-side hand-over of Mutex's PI futex and reports false races.
final class Recorder<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Item] = []

    func append(_ item: Item) { lock.withLock { items.append(item) } }
    var all: [Item] { lock.withLock { items } }
    var count: Int { lock.withLock { items.count } }
}

/// A handler-side gate: the handler reports it has started, then waits until the test lets it go.
/// Makes "the delivery thread is busy" a fact rather than a timing guess.
final class Gate: Sendable {
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    /// Called by the handler.
    func enterAndWait() {
        entered.signal()
        released.wait()
    }

    func waitUntilEntered(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(entered.wait(timeout: .now() + 10), .success, "handler never started", file: file, line: line)
    }

    func release(times: Int = 1) {
        for _ in 0..<times { released.signal() }
    }
}

func pattern(_ text: String) -> TopicPattern {
    do { return try TopicPattern(text) } catch { fatalError("test pattern '\(text)' refused: \(error)") }
}

/// Runs `body` on a new thread; the returned semaphore is signalled when it finishes.
@discardableResult
func onAnotherThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let finished = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        body()
        finished.signal()
    }
    return finished
}

func XCTAssertSignalled(_ semaphore: DispatchSemaphore, within seconds: Double = 10, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(semaphore.wait(timeout: .now() + seconds), .success, message, file: file, line: line)
}

extension EventBus {
    /// Publishes `text` as a UTF-8 payload from source "test".
    @discardableResult
    func send(_ topic: String, _ text: String = "") -> Int {
        publish(topic: topic, contentType: "text/plain", payload: Array(text.utf8), source: "test")
    }

    func stats(of id: SubscriptionID) -> SubscriptionStats? {
        stats().subscriptions.first { $0.id == id }
    }
}

extension BusEvent {
    var text: String { String(decoding: payload, as: UTF8.self) }
}
