import AIPEvents
import Dispatch
import XCTest

final class LifecycleTests: XCTestCase {
    func testUnsubscribeAllRemovesOnlyThatOwner() {
        let bus = EventBus()
        let seen = Recorder<String>()
        bus.subscribe(pattern("t"), owner: "plugin-a") { _ in seen.append("a1") }
        bus.subscribe(pattern("t"), owner: "plugin-b") { _ in seen.append("b") }
        bus.subscribe(pattern("#"), owner: "plugin-a", options: .init(delivery: .async)) { _ in seen.append("a2") }

        bus.unsubscribeAll(owner: "plugin-a")
        bus.unsubscribeAll(owner: "nobody")
        XCTAssertEqual(bus.send("t"), 1)
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(seen.all, ["b"])
        XCTAssertEqual(bus.stats().subscriptions.map(\.owner), ["plugin-b"])
    }

    func testStatsDescribeEverySubscription() {
        let bus = EventBus()
        let gate = Gate()
        let sync = bus.subscribe(pattern("s.*"), owner: "one") { _ in }
        let async = bus.subscribe(pattern("#"), owner: "two",
                                  options: .init(delivery: .async, queueCapacity: 8, overflow: .dropOldest)) { _ in
            gate.enterAndWait()
        }
        bus.send("s.x")
        gate.waitUntilEntered()
        bus.send("s.y")
        bus.send("other")

        let stats = bus.stats()
        XCTAssertEqual(stats.published, 3)
        XCTAssertEqual(stats.subscriptions.map(\.id), [sync, async])
        let first = stats.subscriptions[0]
        XCTAssertEqual(first.pattern, "s.*")
        XCTAssertEqual(first.owner, "one")
        XCTAssertEqual(first.delivery, .sync)
        XCTAssertEqual(first.delivered, 2)
        XCTAssertEqual(first.queued, 0)
        XCTAssertEqual(first.capacity, 0)
        let second = stats.subscriptions[1]
        XCTAssertEqual(second.pattern, "#")
        XCTAssertEqual(second.delivery, .async)
        XCTAssertEqual(second.delivered, 0)  // its first handler call is still running
        XCTAssertEqual(second.queued, 2)
        XCTAssertEqual(second.capacity, 8)

        gate.release(times: 3)
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        XCTAssertEqual(bus.stats(of: async)?.delivered, 3)
        XCTAssertEqual(bus.stats().delivered, 5)
        bus.shutdown()
    }

    func testDrainTimesOutWhileAHandlerIsStuckAndSucceedsAfterwards() {
        let bus = EventBus()
        let gate = Gate()
        bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { _ in gate.enterAndWait() }
        XCTAssertTrue(bus.drain(timeout: .zero))  // nothing queued
        bus.send("t")
        gate.waitUntilEntered()
        XCTAssertFalse(bus.drain(timeout: .milliseconds(30)))
        gate.release()
        XCTAssertTrue(bus.drain(timeout: .seconds(10)))
        bus.shutdown()
    }

    func testShutdownDeliversWhatIsQueuedThenRefusesPublishes() {
        let bus = EventBus()
        let gate = Gate()
        let seen = Recorder<String>()
        let sync = bus.subscribe(pattern("t"), owner: "o") { seen.append("sync \($0.text)") }
        let async = bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { event in
            if event.text == "1" { gate.enterAndWait() }
            seen.append("async \(event.text)")
        }
        bus.send("t", "1")
        gate.waitUntilEntered()
        bus.send("t", "2")
        let shutDown = onAnotherThread { bus.shutdown(drainTimeout: .seconds(30)) }
        XCTAssertEqual(shutDown.wait(timeout: .now() + 0.05), .timedOut)  // draining: "2" is still queued
        gate.release()
        XCTAssertSignalled(shutDown)
        XCTAssertEqual(seen.all, ["sync 1", "sync 2", "async 1", "async 2"])

        XCTAssertEqual(bus.send("t", "3"), 0)
        XCTAssertEqual(seen.count, 4)
        let stats = bus.stats()
        XCTAssertEqual(stats.published, 2)
        XCTAssertEqual(stats.delivered, 4)
        XCTAssertEqual(stats.dropped, 2)  // "3", once for each subscription
        XCTAssertEqual(bus.stats(of: sync)?.dropped, 1)
        XCTAssertEqual(bus.stats(of: async)?.dropped, 1)
        XCTAssertTrue(bus.drain(timeout: .zero))
        bus.shutdown()  // idempotent
    }

    func testShutdownIsBoundedWhenAHandlerNeverReturnsAndCountsWhatItAbandons() {
        let bus = EventBus()
        let gate = Gate()
        bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { _ in gate.enterAndWait() }
        bus.send("t", "stuck")
        gate.waitUntilEntered()
        bus.send("t", "queued 1")
        bus.send("t", "queued 2")

        let start = DispatchTime.now()
        bus.shutdown(drainTimeout: .milliseconds(50))
        let tookSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        XCTAssertLessThan(tookSeconds, 5)
        XCTAssertEqual(bus.stats().dropped, 2)
        gate.release()  // let the abandoned thread finish
    }

    func testSubscriptionMadeAfterShutdownNeverRuns() {
        let bus = EventBus()
        bus.shutdown()
        let seen = Recorder<String>()
        let id = bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { _ in seen.append("x") }
        XCTAssertEqual(bus.send("t"), 0)
        XCTAssertTrue(bus.drain(timeout: .seconds(1)))
        XCTAssertEqual(seen.all, [])
        XCTAssertEqual(bus.stats(of: id)?.dropped, 1)
        XCTAssertTrue(bus.unsubscribe(id))
    }

    func testBusWithoutShutdownReleasesItsDeliveryThreads() {
        // Only checks that deinit neither hangs nor crashes with a live async subscription.
        var bus: EventBus? = EventBus()
        bus?.subscribe(pattern("t"), owner: "o", options: .init(delivery: .async)) { _ in }
        bus?.send("t")
        bus = nil
        XCTAssertNil(bus)
    }
}
