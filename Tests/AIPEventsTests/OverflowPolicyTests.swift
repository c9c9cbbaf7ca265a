import AIPEvents
import Dispatch
import XCTest

/// Each test parks the delivery thread inside the handler for event "0", so the queue then holds exactly
/// what the test publishes next and the drop counts are exact.
final class OverflowPolicyTests: XCTestCase {
    private func parkedSubscription(_ bus: EventBus, capacity: Int, overflow: OverflowPolicy,
                                    gate: Gate, seen: Recorder<String>) -> SubscriptionID {
        let id = bus.subscribe(pattern("q"), owner: "o",
                               options: .init(delivery: .async, queueCapacity: capacity, overflow: overflow)) { event in
            if event.text == "0" { gate.enterAndWait() }
            seen.append(event.text)
        }
        XCTAssertEqual(bus.send("q", "0"), 1)
        gate.waitUntilEntered()
        return id
    }

    func testDropNewestKeepsTheFirstArrivals() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let id = parkedSubscription(bus, capacity: 4, overflow: .dropNewest, gate: gate, seen: seen)

        let reached = (1...7).map { bus.send("q", String($0)) }
        XCTAssertEqual(reached, [1, 1, 1, 1, 0, 0, 0])
        XCTAssertEqual(bus.stats(of: id)?.queued, 4)
        XCTAssertEqual(bus.stats(of: id)?.dropped, 3)

        gate.release()
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["0", "1", "2", "3", "4"])
        let stats = bus.stats()
        XCTAssertEqual(stats.dropped, 3)
        XCTAssertEqual(stats.delivered, 5)
        XCTAssertEqual(stats.published, 8)
        bus.shutdown()
    }

    func testDropOldestKeepsTheLatestArrivals() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let id = parkedSubscription(bus, capacity: 4, overflow: .dropOldest, gate: gate, seen: seen)

        let reached = (1...7).map { bus.send("q", String($0)) }
        XCTAssertEqual(reached, [1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(bus.stats(of: id)?.queued, 4)
        XCTAssertEqual(bus.stats(of: id)?.dropped, 3)

        gate.release()
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["0", "4", "5", "6", "7"])
        XCTAssertEqual(bus.stats().dropped, 3)
        bus.shutdown()
    }

    func testBlockWaitsForTheTimeoutThenDrops() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let id = parkedSubscription(bus, capacity: 2, overflow: .block(timeoutMillis: 50), gate: gate, seen: seen)

        XCTAssertEqual(bus.send("q", "1"), 1)
        XCTAssertEqual(bus.send("q", "2"), 1)
        let start = DispatchTime.now()
        XCTAssertEqual(bus.send("q", "3"), 0)
        let waitedMillis = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        XCTAssertGreaterThanOrEqual(waitedMillis, 45)
        XCTAssertEqual(bus.stats(of: id)?.dropped, 1)

        gate.release()
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["0", "1", "2"])
        bus.shutdown()
    }

    func testBlockedPublisherProceedsAsSoonAsThereIsRoom() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let id = parkedSubscription(bus, capacity: 1, overflow: .block(timeoutMillis: 60_000), gate: gate, seen: seen)
        XCTAssertEqual(bus.send("q", "1"), 1)

        let reached = Recorder<Int>()
        let publisher = onAnotherThread { reached.append(bus.send("q", "2")) }
        XCTAssertEqual(publisher.wait(timeout: .now() + 0.05), .timedOut)  // blocked: the queue is full
        gate.release()
        XCTAssertSignalled(publisher)
        XCTAssertEqual(reached.all, [1])
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["0", "1", "2"])
        XCTAssertEqual(bus.stats(of: id)?.dropped, 0)
        bus.shutdown()
    }

    func testBlockingHandlerPublishingIntoItsOwnFullQueueDropsInsteadOfWaitingForItself() {
        let bus = EventBus()
        let seen = Recorder<String>()
        let published = DispatchSemaphore(value: 0)
        let id = bus.subscribe(pattern("self"), owner: "o",
                               options: .init(delivery: .async, queueCapacity: 1, overflow: .block(timeoutMillis: 60_000))) { event in
            seen.append(event.text)
            guard event.text == "start" else { return }
            XCTAssertEqual(bus.send("self", "a"), 1)
            XCTAssertEqual(bus.send("self", "b"), 0)  // full, and only this thread could empty it
            published.signal()
        }
        bus.send("self", "start")
        XCTAssertSignalled(published, within: 10)
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["start", "a"])
        XCTAssertEqual(bus.stats(of: id)?.dropped, 1)
        bus.shutdown()
    }

    func testUnsubscribeReleasesABlockedPublisherWithoutCountingADrop() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let id = parkedSubscription(bus, capacity: 1, overflow: .block(timeoutMillis: 60_000), gate: gate, seen: seen)
        XCTAssertEqual(bus.send("q", "1"), 1)
        let reached = Recorder<Int>()
        let publisher = onAnotherThread { reached.append(bus.send("q", "2")) }
        XCTAssertEqual(publisher.wait(timeout: .now() + 0.05), .timedOut)

        let unsubscribed = onAnotherThread { XCTAssertTrue(bus.unsubscribe(id)) }
        XCTAssertSignalled(publisher)  // released by the unsubscribe, long before its timeout
        XCTAssertEqual(reached.all, [0])
        gate.release()
        XCTAssertSignalled(unsubscribed)
        XCTAssertEqual(seen.all, ["0"])
        XCTAssertEqual(bus.stats().dropped, 1)  // "1", still queued at the unsubscribe
    }
}
