import AIPEvents
import Dispatch
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class AsyncDeliveryTests: XCTestCase {
    func testTenThousandEventsArriveInOrderOnAnotherThread() {
        let bus = EventBus()
        let sequences = Recorder<UInt64>()
        let threads = Recorder<pthread_t>()
        bus.subscribe(pattern("n.#"), owner: "o", options: .init(delivery: .async, queueCapacity: 16_384)) { event in
            sequences.append(UInt64(event.text)!)
            if event.text == "0" { threads.append(pthread_self()) }
        }
        for index in 0..<10_000 { XCTAssertEqual(bus.send("n.x", String(index)), 1) }
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(sequences.all, (0..<10_000).map(UInt64.init))
        XCTAssertNotEqual(threads.all.first, pthread_self())
        let stats = bus.stats()
        XCTAssertEqual(stats.delivered, 10_000)
        XCTAssertEqual(stats.dropped, 0)
        bus.shutdown()
    }

    func testSyncAndAsyncSubscriptionsOfOneTopic() {
        let bus = EventBus()
        let sync = Recorder<String>()
        let async = Recorder<String>()
        bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { async.append($0.text) }
        bus.subscribe(pattern("t"), owner: "o") { sync.append($0.text) }
        XCTAssertEqual(bus.send("t", "a"), 2)
        XCTAssertEqual(bus.send("t", "b"), 2)
        XCTAssertEqual(sync.all, ["a", "b"])
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(async.all, ["a", "b"])
        bus.shutdown()
    }

    func testAsyncHandlerMayUnsubscribeItselfAndTheRestIsCountedDropped() {
        let bus = EventBus()
        let seen = Recorder<String>()
        let ids = Recorder<SubscriptionID>()
        let gate = Gate()
        let unsubscribed = DispatchSemaphore(value: 0)
        let id = bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { event in
            if event.text == "hold" { gate.enterAndWait(); return }
            seen.append(event.text)
            XCTAssertTrue(bus.unsubscribe(ids.all[0]))  // from its own delivery thread: must not wait for itself
            unsubscribed.signal()
        }
        ids.append(id)
        bus.send("t", "hold")
        gate.waitUntilEntered()
        for text in ["1", "2", "3"] { bus.send("t", text) }  // all wait behind "hold"
        gate.release()
        XCTAssertSignalled(unsubscribed)

        // The drop count is final when unsubscribe returns, even from inside the handler.
        XCTAssertEqual(bus.stats().dropped, 2)  // "2" and "3", abandoned mid-batch
        XCTAssertEqual(bus.send("t", "4"), 0)
        XCTAssertEqual(seen.all, ["1"])
    }

    func testUnsubscribeWaitsForTheRunningAsyncHandlerAndDropsWhatIsQueued() {
        let bus = EventBus()
        let gate = Gate()
        let log = Recorder<String>()
        let id = bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { event in
            gate.enterAndWait()
            log.append("handled \(event.text)")
        }
        bus.send("t", "1")
        gate.waitUntilEntered()
        bus.send("t", "2")
        bus.send("t", "3")
        let unsubscribed = onAnotherThread {
            XCTAssertTrue(bus.unsubscribe(id))
            log.append("unsubscribed")
        }
        XCTAssertEqual(unsubscribed.wait(timeout: .now() + 0.1), .timedOut)
        gate.release(times: 3)
        XCTAssertSignalled(unsubscribed)
        XCTAssertEqual(log.all, ["handled 1", "unsubscribed"])
        let stats = bus.stats()
        XCTAssertEqual(stats.delivered, 1)
        XCTAssertEqual(stats.dropped, 2)
        XCTAssertTrue(stats.subscriptions.isEmpty)
    }

    func testAsyncHandlerMayPublishToOtherSubscriptions() {
        let bus = EventBus()
        let replies = Recorder<String>()
        bus.subscribe(pattern("ping"), owner: "o", options: .init(delivery: .async)) { event in
            bus.send("pong", event.text)
        }
        bus.subscribe(pattern("pong"), owner: "o", options: .init(delivery: .async)) { replies.append($0.text) }
        for index in 0..<100 { bus.send("ping", String(index)) }
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(replies.all, (0..<100).map(String.init))
        bus.shutdown()
    }
}
