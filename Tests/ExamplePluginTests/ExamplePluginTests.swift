import PluginTestKit
import XCTest

/// The two example plugins (Swift greeter, C counter), loaded together into a PluginTestKit host
/// with real dlopen, exactly as a plugin author would test them.
final class ExamplePluginTests: XCTestCase {
    struct Greet: Encodable { let name: String }
    struct Greeting: Decodable { let message: String }
    struct GreeterStats: Decodable { let greeted: Int; let counterEvents: Int; let lastCounterValue: Int? }
    struct Value: Decodable { let value: Int }
    struct CounterState: Decodable {
        let value: Int
        let eventsSeen: Int
        let lastEventTopic: String?
        enum CodingKeys: String, CodingKey {
            case value, eventsSeen = "events_seen", lastEventTopic = "last_event_topic"
        }
    }

    private func examples(config: [String: any Encodable] = [:]) throws -> PluginTestHost {
        let host = try PluginTestHost(config: config)
        try host.load([BuiltPlugin.path(ofProduct: "SwiftGreeterPlugin"), CounterExample.library()])
        return host
    }

    func testSwiftGreeterAnswersWithItsConfig() throws {
        let host = try examples(config: ["greeter": #"{"greeting": "Bonjour"}"#])
        XCTAssertEqual(try host.call("greeter.greet", Greet(name: "Ada"), as: Greeting.self).message, "Bonjour, Ada!")
        XCTAssertThrowsError(try host.call("greeter.greet", Greet(name: ""), as: Greeting.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
            XCTAssertTrue("\(error)".contains("name must not be empty"), "\(error)")
        }
        XCTAssertEqual(try host.callNative("greeter.length", ["héllo"], as: Int.self), 6)
    }

    func testCCounterAnswersWithItsConfig() throws {
        let host = try examples(config: ["counter": #"{"start": 10, "step": 5}"#])
        XCTAssertEqual(try host.call("counter.increment", as: Value.self).value, 15)
        XCTAssertEqual(try host.call("counter.increment", ["by": 2], as: Value.self).value, 17)
        XCTAssertThrowsError(try host.call("counter.increment", ["by": "two"], as: Value.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
        }
        XCTAssertEqual(try host.callNative("counter.add", [2, 3], as: Int.self), 5)
    }

    func testEachExampleSeesTheOthersEvents() throws {
        let host = try examples()
        _ = try host.call("greeter.greet", Greet(name: "Grace"), as: Greeting.self)
        _ = try host.call("counter.increment", as: Value.self)
        _ = try host.call("counter.increment", as: Value.self)
        try host.waitForDelivery()

        let counter = try host.call("counter.get", as: CounterState.self)
        XCTAssertEqual(counter.eventsSeen, 1)
        XCTAssertEqual(counter.lastEventTopic, "greeter.greeted")
        let greeter = try host.call("greeter.stats", as: GreeterStats.self)
        XCTAssertEqual(greeter.counterEvents, 2)
        XCTAssertEqual(greeter.lastCounterValue, 2)
        XCTAssertEqual(greeter.greeted, 1)

        XCTAssertEqual(try host.events(matching: "greeter.#").map(\.source), ["greeter"])
        XCTAssertEqual(try host.events(matching: "counter.changed").map { try $0.decode(Value.self).value }, [1, 2])
    }

    func testCounterConfigViolatingItsSchemaIsRefused() throws {
        let host = try PluginTestHost(config: ["counter": #"{"step": 0, "colour": "red"}"#])
        let counter = try CounterExample.library()
        XCTAssertThrowsError(try host.load(counter)) { error in
            guard case .refused(let plugin, let stage, let reason) = error as? PluginTestError else {
                return XCTFail("expected a refusal, got \(error)")
            }
            XCTAssertEqual(plugin, "counter")
            XCTAssertEqual(stage, "config")
            XCTAssertTrue(reason.contains("plugins.counter.step"), reason)
            XCTAssertTrue(reason.contains("colour"), reason)
        }
    }
}
