import AIPEvents
import XCTest

/// `hasSubscribers` must agree with what a publish would reach, including right after the route
/// cache for a topic was filled and the subscriptions then changed.
final class HasSubscribersTests: XCTestCase {
    func testAnswersWhatAPublishWouldReach() {
        let bus = EventBus()
        XCTAssertFalse(bus.hasSubscribers(topic: "llm.usage"))
        XCTAssertEqual(bus.send("llm.usage", "{}"), 0)

        let wildcard = bus.subscribe(pattern("llm.*"), owner: "cost") { _ in }
        XCTAssertTrue(bus.hasSubscribers(topic: "llm.usage"), "a subscription made after the topic was routed must be seen")
        XCTAssertFalse(bus.hasSubscribers(topic: "llm.usage.detail"), "llm.* matches one segment only")
        XCTAssertFalse(bus.hasSubscribers(topic: "gateway.request"))

        let everything = bus.subscribe(pattern("#"), owner: "tracer") { _ in }
        XCTAssertTrue(bus.hasSubscribers(topic: "gateway.request"))
        XCTAssertTrue(bus.unsubscribe(everything))
        XCTAssertFalse(bus.hasSubscribers(topic: "gateway.request"), "an unsubscribe must be seen at once")
        XCTAssertTrue(bus.unsubscribe(wildcard))
        XCTAssertFalse(bus.hasSubscribers(topic: "llm.usage"))
    }

    func testAsyncSubscriptionsCount() {
        let bus = EventBus()
        bus.subscribe(pattern("prompt.#"), owner: "stats", options: SubscribeOptions(delivery: .async, queueCapacity: 8)) { _ in }
        XCTAssertTrue(bus.hasSubscribers(topic: "prompt.feedback"))
    }
}
