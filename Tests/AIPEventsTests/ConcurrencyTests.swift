import AIPEvents
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import XCTest

final class ConcurrencyTests: XCTestCase {
    func testFourPublishersExactTotals() {
        let bus = EventBus()
        let perPublisher = 20_000
        let syncSequences = Recorder<UInt64>()
        let asyncSeen = Recorder<(publisher: Int, index: Int)>()
        bus.subscribe(pattern("load.#"), owner: "sync") { syncSequences.append($0.sequence) }
        bus.subscribe(pattern("load.*"), owner: "async",
                      options: .init(delivery: .async, queueCapacity: 256, overflow: .block(timeoutMillis: 60_000))) { event in
            let parts = event.text.split(separator: ":").map { Int($0)! }
            asyncSeen.append((parts[0], parts[1]))
        }

        let publishers = (0..<4).map { publisher in
            onAnotherThread {
                for index in 0..<perPublisher {
                    XCTAssertEqual(bus.send("load.p\(publisher)", "\(publisher):\(index)"), 2)
                }
            }
        }
        for finished in publishers { XCTAssertSignalled(finished, within: 60) }
        XCTAssertTrue(bus.drain(timeout: .seconds(30)))

        let total = 4 * perPublisher
        let stats = bus.stats()
        XCTAssertEqual(stats.published, UInt64(total))
        XCTAssertEqual(stats.delivered, UInt64(2 * total))
        XCTAssertEqual(stats.dropped, 0)
        // Every sequence number handed out exactly once.
        XCTAssertEqual(Set(syncSequences.all), Set((1...UInt64(total))))
        // Each publisher's events reach the async subscriber in the order that publisher sent them.
        var next = [0, 0, 0, 0]
        for (publisher, index) in asyncSeen.all {
            XCTAssertEqual(index, next[publisher])
            next[publisher] = index + 1
        }
        XCTAssertEqual(next, Array(repeating: perPublisher, count: 4))
        bus.shutdown()
    }

    func testSubscribingAndUnsubscribingWhilePublishing() {
        let bus = EventBus()
        let stop = Atomic<Bool>(false)
        let calls = Atomic<Int>(0)
        bus.subscribe(pattern("churn.#"), owner: "steady") { _ in calls.wrappingAdd(1, ordering: .relaxed) }
        let publishers = (0..<2).map { _ in
            onAnotherThread {
                while !stop.load(ordering: .relaxed) { bus.send("churn.x") }
            }
        }
        for round in 0..<300 {
            let delivery: DeliveryMode = round.isMultiple(of: 2) ? .sync : .async
            let id = bus.subscribe(pattern(round.isMultiple(of: 3) ? "churn.*" : "#"), owner: "churner",
                                   options: .init(delivery: delivery, queueCapacity: 8)) { _ in }
            XCTAssertTrue(bus.unsubscribe(id))
        }
        stop.store(true, ordering: .relaxed)
        for finished in publishers { XCTAssertSignalled(finished) }

        let stats = bus.stats()
        XCTAssertEqual(stats.subscriptions.map(\.owner), ["steady"])
        XCTAssertEqual(stats.subscriptions.first?.delivered, stats.published)
        XCTAssertEqual(UInt64(calls.load(ordering: .relaxed)), stats.published)
        bus.shutdown()
    }

    func testNoHandlerCallStartsAfterUnsubscribeReturns() {
        for delivery in [DeliveryMode.sync, .async] {
            let bus = EventBus()
            let unsubscribed = Atomic<Bool>(false)
            let lateCalls = Atomic<Int>(0)
            let calls = Atomic<Int>(0)
            let id = bus.subscribe(pattern("t"), owner: "o", options: .init(delivery: delivery)) { _ in
                if unsubscribed.load(ordering: .sequentiallyConsistent) { lateCalls.wrappingAdd(1, ordering: .relaxed) }
                calls.wrappingAdd(1, ordering: .relaxed)
            }
            let stop = Atomic<Bool>(false)
            let publishers = (0..<2).map { _ in
                onAnotherThread { while !stop.load(ordering: .relaxed) { bus.send("t") } }
            }
            let deadline = DispatchTime.now() + 10
            while calls.load(ordering: .relaxed) < 1_000 && DispatchTime.now() < deadline { sched_yield() }
            XCTAssertTrue(bus.unsubscribe(id))
            unsubscribed.store(true, ordering: .sequentiallyConsistent)
            let callsAtUnsubscribe = calls.load(ordering: .relaxed)
            for _ in 0..<1_000 { bus.send("t") }
            stop.store(true, ordering: .relaxed)
            for finished in publishers { XCTAssertSignalled(finished) }
            XCTAssertEqual(lateCalls.load(ordering: .relaxed), 0, "\(delivery)")
            XCTAssertEqual(calls.load(ordering: .relaxed), callsAtUnsubscribe, "\(delivery)")
            bus.shutdown()
        }
    }
}
