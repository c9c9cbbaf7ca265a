import AIPConfig
import AIPEvents
import AIPHost
import Foundation
import XCTest

/// Host-table functions seen from a plugin: run-time capabilities, native pointers, health,
/// unsubscribe, and serialisation of a plugin that is not thread-safe.
final class HostTableTests: XCTestCase {
    private func dynamicHost(in directory: TemporaryDirectory) throws -> PluginHost {
        let host = try makeHost(directory: directory)
        host.load(try Fixtures.plugin("good_provider"))
        host.load(try Fixtures.plugin("dynamic_provider"))
        XCTAssertEqual(host.startAll(), [])
        addTeardownBlock { host.stopAll() }
        return host
    }

    func testRunTimeCapabilitiesOnlyInsideDeclaredFamilies() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        let statuses = try object(call(host, "fx.dyn.status"))
        XCTAssertEqual(statuses["hello"], .int(0))
        XCTAssertEqual(statuses["other"], .int(3), "an undeclared run-time capability must be permission_denied")
        XCTAssertEqual(try object(call(host, "dyn.hello"))["hello"], .string("from a run-time capability"))
        XCTAssertEqual(call(host, "other.cap").statusName, "not_found")
    }

    func testPluginGetsNativePointerFromTheHostAndCallsIt() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        let reply = try object(call(host, "fx.dyn.add"))
        XCTAssertEqual(reply["sum"], .int(42))
        XCTAssertEqual(reply["signature"], .string("i64(i64,i64)"))
    }

    func testReportedHealthIsVisible() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        let summary = try XCTUnwrap(host.plugins().first { $0.name == "fx-dynamic" })
        XCTAssertEqual(summary.health, PluginHealth(state: "degraded", message: "warming up"))
        XCTAssertFalse(summary.threadSafe)
    }

    func testUnsubscribeStopsDelivery() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        try host.publish(topic: "fx.one", payload: Array("{}".utf8))
        XCTAssertEqual(try object(call(host, "fx.dyn.events"))["events"], .int(1))
        XCTAssertEqual(try object(call(host, "fx.dyn.unsub"))["status"], .int(0))
        try host.publish(topic: "fx.two", payload: Array("{}".utf8))
        XCTAssertEqual(try object(call(host, "fx.dyn.events"))["events"], .int(1))
        XCTAssertEqual(try object(call(host, "fx.dyn.unsub"))["status"], .int(2), "a second unsubscribe is not_found")
    }

    func testHasSubscribersFollowsSubscriptionsOfThePluginsOwnTopics() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        var answer = try object(call(host, "fx.dyn.hassubs"))
        XCTAssertEqual(answer["own"], .int(0), "nobody subscribes to dyn.out yet")
        XCTAssertEqual(answer["undeclared"], .int(1), "a topic the plugin may not publish to answers 1, so the publish reports it")
        let subscription = host.bus.subscribe(try TopicPattern("dyn.#"), owner: "test") { _ in }
        answer = try object(call(host, "fx.dyn.hassubs"))
        XCTAssertEqual(answer["own"], .int(1))
        XCTAssertTrue(host.bus.unsubscribe(subscription))
        XCTAssertEqual(try object(call(host, "fx.dyn.hassubs"))["own"], .int(0), "the answer follows an unsubscribe at once")
    }

    func testCallsIntoANonThreadSafePluginAreSerialised() throws {
        let directory = try TemporaryDirectory()
        let host = try dynamicHost(in: directory)
        let guardEntry = try host.resolve("fx.dyn.guard")
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<25 { _ = host.call(guardEntry, body: Array("{}".utf8)) }
        }
        XCTAssertEqual(try object(call(host, "fx.dyn.guard"))["overlaps"], .int(0))
    }
}
