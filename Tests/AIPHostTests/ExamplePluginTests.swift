import AIPConfig
import AIPHost
import Foundation
import XCTest

/// The two example plugins (Swift greeter, C counter), loaded together with real dlopen.
final class ExamplePluginTests: XCTestCase {
    private func examples(config: String? = nil, in directory: TemporaryDirectory) throws -> PluginHost {
        let host = try makeHost(config: config, directory: directory)
        host.load(try Fixtures.greeterPlugin())
        host.load(try Fixtures.counterPlugin())
        XCTAssertEqual(host.startAll(), [])
        addTeardownBlock { host.stopAll() }
        return host
    }

    func testSwiftGreeterAnswersWithItsConfig() throws {
        let directory = try TemporaryDirectory()
        let host = try examples(config: #"{"plugins": {"greeter": {"greeting": "Bonjour"}}}"#, in: directory)
        XCTAssertEqual(try object(call(host, "greeter.greet", #"{"name":"Ada"}"#))["message"], .string("Bonjour, Ada!"))
        let empty = call(host, "greeter.greet", #"{"name":""}"#)
        XCTAssertEqual(empty.statusName, "invalid_argument")
        XCTAssertTrue(empty.text.contains("name must not be empty"))
        XCTAssertEqual(try host.callNative("greeter.length", arguments: #"["héllo"]"#), .int(6))
    }

    func testCCounterAnswersWithItsConfig() throws {
        let directory = try TemporaryDirectory()
        let host = try examples(config: #"{"plugins": {"counter": {"start": 10, "step": 5}}}"#, in: directory)
        XCTAssertEqual(try object(call(host, "counter.increment"))["value"], .int(15))
        XCTAssertEqual(try object(call(host, "counter.increment", #"{"by": 2}"#))["value"], .int(17))
        XCTAssertEqual(call(host, "counter.increment", #"{"by": "two"}"#).statusName, "invalid_argument")
        XCTAssertEqual(try host.callNative("counter.add", arguments: "[2, 3]"), .int(5))
    }

    func testEachExampleSeesTheOthersEvents() throws {
        let directory = try TemporaryDirectory()
        let host = try examples(in: directory)
        _ = try object(call(host, "greeter.greet", #"{"name":"Grace"}"#))
        _ = try object(call(host, "counter.increment"))
        _ = try object(call(host, "counter.increment"))
        XCTAssertTrue(host.bus.drain(timeout: .seconds(5)))
        let counter = try object(call(host, "counter.get"))
        XCTAssertEqual(counter["events_seen"], .int(1))
        XCTAssertEqual(counter["last_event_topic"], .string("greeter.greeted"))
        let greeter = try object(call(host, "greeter.stats"))
        XCTAssertEqual(greeter["counterEvents"], .int(2))
        XCTAssertEqual(greeter["lastCounterValue"], .int(2))
        XCTAssertEqual(greeter["greeted"], .int(1))
    }

    func testCounterConfigViolatingItsSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        let host = try makeHost(config: #"{"plugins": {"counter": {"step": 0, "colour": "red"}}}"#, directory: directory)
        host.load(try Fixtures.counterPlugin())
        let refusals = host.startAll()
        XCTAssertEqual(refusals.count, 1)
        let reason = try XCTUnwrap(refusals.first).reason
        XCTAssertTrue(reason.contains("plugins.counter.step"), reason)
        XCTAssertTrue(reason.contains("colour"), reason)
    }
}
