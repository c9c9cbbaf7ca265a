import AIPEvents
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest

final class SyncDeliveryTests: XCTestCase {
    func testDeliversInSubscriptionOrderOnThePublishersThread() {
        let bus = EventBus()
        let calls = Recorder<String>()
        let handlerThreads = Recorder<pthread_t>()
        bus.subscribe(pattern("a.#"), owner: "one") { calls.append("one:\($0.text)") }
        bus.subscribe(pattern("a.*"), owner: "two") { event in
            calls.append("two:\(event.text)")
            handlerThreads.append(pthread_self())
        }
        bus.subscribe(pattern("a.b"), owner: "three") { calls.append("three:\($0.text)") }

        XCTAssertEqual(bus.send("a.b", "1"), 3)
        XCTAssertEqual(bus.send("a.c", "2"), 2)
        XCTAssertEqual(bus.send("a", "3"), 1)
        XCTAssertEqual(bus.send("b", "4"), 0)

        XCTAssertEqual(calls.all, ["one:1", "two:1", "three:1", "one:2", "two:2", "one:3"])
        XCTAssertEqual(handlerThreads.all, [pthread_self(), pthread_self()])
    }

    func testEventCarriesEverythingPublished() {
        let bus = EventBus()
        let events = Recorder<BusEvent>()
        bus.subscribe(pattern("#"), owner: "o") { events.append($0) }
        let before = Int64(Date().timeIntervalSince1970 * 1e9)
        let bytes: [UInt8] = Array(0..<100)
        bytes.withUnsafeBytes { raw in
            _ = bus.publish(topic: "x.y", contentType: "application/octet-stream", payload: raw, source: "plugin-a")
        }
        bus.publish(topic: "x.z", contentType: "text/plain", payload: [], source: "host")
        bus.publish(topic: "x.empty", contentType: "none", payload: UnsafeRawBufferPointer(start: nil, count: 0), source: "host")
        let after = Int64(Date().timeIntervalSince1970 * 1e9)

        let seen = events.all
        XCTAssertEqual(seen.map(\.topic), ["x.y", "x.z", "x.empty"])
        XCTAssertEqual(seen[0].payload, bytes)
        XCTAssertEqual(seen[0].contentType, "application/octet-stream")
        XCTAssertEqual(seen[0].source, "plugin-a")
        XCTAssertEqual(seen[1].source, "host")
        XCTAssertEqual(seen[1].payload, [])
        XCTAssertEqual(seen[2].payload, [])
        XCTAssertEqual(seen.map(\.sequence), [1, 2, 3])
        for event in seen {
            XCTAssertGreaterThanOrEqual(event.timestampNanos, before - 1_000_000_000)
            XCTAssertLessThanOrEqual(event.timestampNanos, after + 1_000_000_000)
        }
    }

    func testPublishCheckedRefusesBadTopicsAndDeliversGoodOnes() throws {
        let bus = EventBus()
        let events = Recorder<String>()
        bus.subscribe(pattern("#"), owner: "o") { events.append($0.topic) }
        XCTAssertThrowsError(try bus.publishChecked(topic: "a.*", contentType: "t", payload: [1], source: "p"))
        XCTAssertThrowsError(try [UInt8]([1]).withUnsafeBytes { raw in
            try bus.publishChecked(topic: "a..b", contentType: "t", payload: raw, source: "p")
        })
        XCTAssertEqual(try bus.publishChecked(topic: "a.b", contentType: "t", payload: [1], source: "p"), 1)
        XCTAssertEqual(events.all, ["a.b"])
        XCTAssertEqual(bus.stats().published, 1)
    }

    func testHandlerMayPublishWithoutDeadlock() {
        let bus = EventBus()
        let calls = Recorder<String>()
        bus.subscribe(pattern("request"), owner: "o") { event in
            calls.append("request \(event.sequence)")
            XCTAssertEqual(bus.send("reply", "r"), 1)
            calls.append("request done")
        }
        bus.subscribe(pattern("reply"), owner: "o") { event in calls.append("reply \(event.sequence)") }

        XCTAssertEqual(bus.send("request"), 1)
        XCTAssertEqual(calls.all, ["request 1", "reply 2", "request done"])
    }

    func testHandlerMayUnsubscribeItself() {
        let bus = EventBus()
        let calls = Recorder<String>()
        let ownID = Recorder<SubscriptionID>()
        let id = bus.subscribe(pattern("t"), owner: "o") { event in
            calls.append(event.text)
            XCTAssertTrue(bus.unsubscribe(ownID.all[0]))
        }
        ownID.append(id)
        bus.subscribe(pattern("t"), owner: "o") { calls.append("later:\($0.text)") }

        XCTAssertEqual(bus.send("t", "1"), 2)
        XCTAssertEqual(bus.send("t", "2"), 1)
        XCTAssertEqual(calls.all, ["1", "later:1", "later:2"])
        XCTAssertFalse(bus.unsubscribe(id))
    }

    func testHandlerUnsubscribingALaterSubscriptionStopsItsDeliveryAtOnce() {
        let bus = EventBus()
        let calls = Recorder<String>()
        let victim = Recorder<SubscriptionID>()
        bus.subscribe(pattern("t"), owner: "o") { _ in
            calls.append("first")
            _ = bus.unsubscribe(victim.all[0])
        }
        victim.append(bus.subscribe(pattern("t"), owner: "o") { _ in calls.append("second") })

        XCTAssertEqual(bus.send("t"), 1)
        XCTAssertEqual(calls.all, ["first"])
    }

    func testSubscriptionMadeInsideAHandlerStartsWithTheNextPublish() {
        let bus = EventBus()
        let calls = Recorder<String>()
        bus.subscribe(pattern("t"), owner: "o") { event in
            if event.sequence == 1 { bus.subscribe(pattern("t"), owner: "o") { calls.append("new:\($0.sequence)") } }
        }
        bus.send("t")
        bus.send("t")
        XCTAssertEqual(calls.all, ["new:2"])
    }

    func testUnsubscribeWaitsForAHandlerRunningOnAnotherThread() {
        let bus = EventBus()
        let gate = Gate()
        let finished = Recorder<String>()
        let id = bus.subscribe(pattern("t"), owner: "o") { _ in
            gate.enterAndWait()
            finished.append("handler")
        }
        let publisher = onAnotherThread { bus.send("t") }
        gate.waitUntilEntered()

        let unsubscribed = onAnotherThread {
            XCTAssertTrue(bus.unsubscribe(id))
            finished.append("unsubscribe")
        }
        // Still blocked: the handler has not returned.
        XCTAssertEqual(unsubscribed.wait(timeout: .now() + 0.1), .timedOut)
        gate.release()
        XCTAssertSignalled(unsubscribed)
        XCTAssertSignalled(publisher)
        XCTAssertEqual(finished.all, ["handler", "unsubscribe"])
        XCTAssertEqual(bus.send("t"), 0)
    }

    func testDeeplyRecursiveHandlerMayUnsubscribeItselfAtTheBottom() {
        let bus = EventBus()
        let depths = Recorder<Int>()
        let ownID = Recorder<SubscriptionID>()
        ownID.append(bus.subscribe(pattern("deep"), owner: "o") { event in
            let depth = Int(event.text)!
            depths.append(depth)
            if depth < 40 {
                bus.send("deep", String(depth + 1))
            } else {
                // 40 calls of this handler are on this thread's stack: unsubscribe must not wait for them.
                XCTAssertTrue(bus.unsubscribe(ownID.all[0]))
            }
        })
        XCTAssertEqual(bus.send("deep", "0"), 1)
        XCTAssertEqual(depths.all, Array(0...40))
        XCTAssertEqual(bus.send("deep", "0"), 0)
    }

    func testUnknownSubscriptionIsNotUnsubscribed() {
        XCTAssertFalse(EventBus().unsubscribe(SubscriptionID(rawValue: 42)))
    }

    func testCountsDeliveries() {
        let bus = EventBus()
        let a = bus.subscribe(pattern("a.#"), owner: "o") { _ in }
        let b = bus.subscribe(pattern("a.b"), owner: "o") { _ in }
        for _ in 0..<5 { bus.send("a.b") }
        for _ in 0..<3 { bus.send("a.c") }
        bus.send("nobody")
        let stats = bus.stats()
        XCTAssertEqual(stats.published, 9)
        XCTAssertEqual(stats.delivered, 13)
        XCTAssertEqual(stats.dropped, 0)
        XCTAssertEqual(bus.stats(of: a)?.delivered, 8)
        XCTAssertEqual(bus.stats(of: b)?.delivered, 5)
    }
}
