import PluginTestKit
import XCTest

/// Events the plugins publish are captured; events the test publishes drive their subscriptions.
final class EventTests: XCTestCase {
    struct Tick: Decodable, Equatable { let n: Int }
    struct Count: Encodable { let count: Int }
    struct Seen: Decodable { let events: Int; let last: String? }

    func testEveryEventAPluginPublishesIsCapturedInOrderBeforeTheCallReturns() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        struct Published: Decodable { let published: Int }
        XCTAssertEqual(try host.call("probe.emit", Count(count: 3), as: Published.self).published, 3)

        let ticks = try host.events(matching: "probe.tick")
        XCTAssertEqual(try ticks.map { try $0.decode(Tick.self) }, [Tick(n: 1), Tick(n: 2), Tick(n: 3)])
        XCTAssertEqual(Set(ticks.map(\.source)), ["kit-probe"])
        XCTAssertEqual(ticks.map(\.contentType), Array(repeating: "application/json", count: 3))
        XCTAssertEqual(ticks.map(\.sequence), ticks.map(\.sequence).sorted())
        XCTAssertEqual(host.events.count, 3)
        XCTAssertEqual(try host.events(matching: "probe.*").count, 3)
        XCTAssertEqual(try host.events(matching: "other.#").count, 0)
    }

    func testWaitForEventReturnsAnEventPublishedLater() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        let called = ContinuousClock.now
        _ = try host.callRaw("probe.emit-later")
        let event = try host.waitForEvent(matching: "probe.#", timeout: .seconds(5))
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - called, .milliseconds(300), "the plugin publishes 300 ms after the call")
        XCTAssertEqual(event.topic, "probe.later")
        XCTAssertEqual(event.text, #"{"late":true}"#)
    }

    func testWaitingForAnEventThatNeverComesTimesOutNamingWhatWasCaptured() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        _ = try host.callRaw("probe.emit", body: Array(#"{"count": 1}"#.utf8))
        let started = ContinuousClock.now
        XCTAssertThrowsError(try host.waitForEvent(matching: "probe.never", timeout: .milliseconds(200))) { error in
            guard case .timedOut(let operation, let after) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertEqual(after, .milliseconds(200))
            XCTAssertTrue(operation.contains("probe.never"), operation)
            XCTAssertTrue(operation.contains("probe.tick"), operation)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
    }

    func testWaitForEventsCollectsSeveralAndClearEventsForgetsThem() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        _ = try host.callRaw("probe.emit", body: Array(#"{"count": 2}"#.utf8))
        XCTAssertEqual(try host.waitForEvents(matching: "probe.tick", count: 2).map { try $0.decode(Tick.self).n }, [1, 2])
        host.clearEvents()
        XCTAssertTrue(host.events.isEmpty)
        XCTAssertThrowsError(try host.events(matching: "probe..tick")) { error in
            guard case .invalidSetup = error as? PluginTestError else { return XCTFail("\(error)") }
        }
    }

    func testPublishingDrivesASyncSubscriptionAndIsNotCapturedItself() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        try host.publish("test.hello", json: ["who": "world"])
        let seen = try host.call("probe.seen", as: Seen.self)
        XCTAssertEqual(seen.events, 1)
        XCTAssertEqual(seen.last, #"{"who":"world"}"#)
        XCTAssertTrue(host.events.isEmpty, "the test's own events are not the plugin's")
    }

    func testPublishReturnsOnlyOnceAsyncSubscribersHaveTheEvent() throws {
        struct Events: Decodable { let events: Int }
        let host = try PluginTestHost()
        try host.stub("fx.echo") { call in .json(text: call.text) }
        try host.load(TestPlugins.consumer())   // subscribes to fx.# with async delivery
        for index in 1...3 {
            try host.publish("fx.ping", json: ["n": index])
            XCTAssertEqual(try host.call("fx.seen", as: Events.self).events, index)
        }
    }

    func testPublishingToAnInvalidTopicIsAnInvalidSetup() throws {
        let host = try PluginTestHost()
        XCTAssertThrowsError(try host.publish("test.#", bytes: [])) { error in
            guard case .invalidSetup(let message) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("test.#"), message)
        }
    }
}
