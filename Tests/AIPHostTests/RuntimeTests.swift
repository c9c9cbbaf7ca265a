import AIPConfig
import AIPEvents
import AIPHost
import Foundation
import XCTest

/// Capability calls, native calls, events and lifecycle through real dlopen'ed plugins.
final class RuntimeTests: XCTestCase {
    private func startedHost(_ paths: [String], config: String? = nil, in directory: TemporaryDirectory) throws -> PluginHost {
        let host = try makeHost(config: config, directory: directory)
        for path in paths {
            if case .failure(let refusal) = host.load(path) { XCTFail("unexpected refusal: \(refusal)") }
        }
        XCTAssertEqual(host.startAll(), [])
        addTeardownBlock { host.stopAll() }
        return host
    }

    func testProvidersStartBeforeTheirDependentsAndStopAfter() throws {
        let directory = try TemporaryDirectory()
        // The consumer is loaded first, yet must start after the provider it requires.
        let host = try startedHost([try Fixtures.plugin("good_consumer"), try Fixtures.plugin("good_provider")], in: directory)
        XCTAssertEqual(host.startOrder, ["fx-provider", "fx-consumer"])
        XCTAssertEqual(try object(call(host, "fx.relay", #"{"a":[1,2,3]}"#)), .object(["a": .array([.int(1), .int(2), .int(3)])]))
        host.stopAll()
        XCTAssertEqual(host.plugins().map(\.state), ["stopped", "stopped"])
        let afterStop = call(host, "fx.echo")
        XCTAssertEqual(afterStop.statusName, "unavailable")
        XCTAssertTrue(afterStop.text.contains("no running provider"), afterStop.text)
    }

    func testOptionalRequirementsOrderStartUpWithoutRefusingCycles() throws {
        let directory = try TemporaryDirectory()
        // fx-dynamic optionally requires fx.add: loaded first, it still starts after fx-provider.
        let host = try startedHost([try Fixtures.plugin("dynamic_provider"), try Fixtures.plugin("good_provider")], in: directory)
        XCTAssertEqual(host.startOrder, ["fx-provider", "fx-dynamic"])
        // Two plugins that optionally require each other both start, in load order.
        let cyclic = try startedHost([try Fixtures.plugin("soft_cycle_b"), try Fixtures.plugin("soft_cycle_a")], in: try TemporaryDirectory())
        XCTAssertEqual(cyclic.startOrder, ["fx-soft-b", "fx-soft-a"])
        XCTAssertEqual(try object(call(cyclic, "soft.a")), .object(["plugin": .string("fx-soft-a")]))
    }

    func testResolvedHandleCallsRepeatedly() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider")], in: directory)
        let entry = try host.resolve("fx.echo", range: "^1.2")
        XCTAssertEqual(entry.version.description, "1.2.0")
        for index in 0..<1000 {
            let reply = host.call(entry, body: Array("{\"i\":\(index)}".utf8))
            XCTAssertEqual(reply.text, "{\"i\":\(index)}")
        }
        XCTAssertThrowsError(try host.resolve("fx.echo", range: "^2")) { error in
            XCTAssertTrue("\(error)".contains("no provider in range"), "\(error)")
        }
    }

    func testNativeFunctionsThroughLibffi() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider")], in: directory)
        XCTAssertEqual(try host.callNative("fx.add", arguments: "[40, 2]"), .int(42))
        XCTAssertEqual(try host.callNative("fx.add", arguments: "[-9007199254740993, 1]"), .int(-9007199254740992))
        XCTAssertEqual(try host.callNative("fx.scale", arguments: "[1.5, 4]"), .double(6))
        XCTAssertEqual(try host.callNative("fx.greet", arguments: #"["Ada"]"#), .string("hello, Ada"))
        XCTAssertEqual(try host.callNative("fx.flag", arguments: "[10]"), .bool(true))
        XCTAssertEqual(try host.callNative("fx.flag", arguments: "[7]"), .bool(false))
        XCTAssertEqual(try host.callNative("fx.noop", arguments: "[]"), .null)
        // The message path to a native capability takes the same JSON array.
        XCTAssertEqual(call(host, "fx.add", "[2, 3]").text, "5")
        let wrongCount = call(host, "fx.add", "[1]")
        XCTAssertEqual(wrongCount.statusName, "invalid_argument")
        XCTAssertTrue(wrongCount.text.contains("takes 2 argument(s), got 1"), wrongCount.text)
        let wrongType = call(host, "fx.add", #"["one", 2]"#)
        XCTAssertEqual(wrongType.statusName, "invalid_argument")
        XCTAssertTrue(wrongType.text.contains("argument 1 must be i64, got string"), wrongType.text)
        XCTAssertEqual(call(host, "fx.add", "not json").statusName, "invalid_argument")
    }

    func testNativeFunctionPointerCanBeCalledDirectly() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider")], in: directory)
        let entry = try host.resolve("fx.add")
        XCTAssertEqual(entry.signature?.description, "i64(i64,i64)")
        let pointer = try XCTUnwrap(entry.nativeFunctionPointer)
        let add = unsafeBitCast(pointer, to: (@convention(c) (Int64, Int64) -> Int64).self)
        XCTAssertEqual(add(20, 22), 42)
    }

    func testEventsFlowBetweenPluginsWithinDeclaredTopics() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider"), try Fixtures.plugin("good_consumer")], in: directory)
        let published = try object(call(host, "fx.emit", #"{"topic":"fx.thing.happened","data":{"n":1}}"#))
        XCTAssertEqual(published["status"], .int(0))
        // A topic outside the plugin's declared `fx.#` is refused with permission_denied (3).
        let refused = try object(call(host, "fx.emit", #"{"topic":"other.topic","data":{}}"#))
        XCTAssertEqual(refused["status"], .int(3))
        XCTAssertTrue(host.bus.drain(timeout: .seconds(5)))
        XCTAssertEqual(try object(call(host, "fx.seen"))["events"], .int(1))
    }

    func testHostPublishedEventsReachPluginSubscribers() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider"), try Fixtures.plugin("good_consumer")], in: directory)
        for index in 0..<3 { try host.publish(topic: "fx.tick", payload: Array("{\"i\":\(index)}".utf8)) }
        XCTAssertThrowsError(try host.publish(topic: "fx.*", payload: [])) // wildcards are not topics
        XCTAssertTrue(host.bus.drain(timeout: .seconds(5)))
        XCTAssertEqual(try object(call(host, "fx.seen"))["events"], .int(3))
    }

    func testConfigDefaultsAndDataDirectoryReachThePlugin() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider")], in: directory)
        let reply = try object(call(host, "fx.config"))
        XCTAssertEqual(reply["config"]?["label"], .string("provider"))
        let dataDirectory = try XCTUnwrap(reply["data_dir"]?.stringValue)
        XCTAssertEqual(dataDirectory, directory.path + "/data/fx-provider")
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    func testEnvironmentOverridesAndSecretsReachThePlugin() throws {
        let directory = try TemporaryDirectory()
        let host = try makeHost(config: #"{"plugins": {"fx-provider": {"label": "${LABEL_SECRET}"}}}"#,
                                environment: ["LABEL_SECRET": "from-env"], directory: directory)
        host.load(try Fixtures.plugin("good_provider"))
        XCTAssertEqual(host.startAll(), [])
        defer { host.stopAll() }
        XCTAssertEqual(try object(call(host, "fx.config"))["config"]?["label"], .string("from-env"))
    }

    func testConcurrentCallsIntoAThreadSafePlugin() throws {
        let directory = try TemporaryDirectory()
        let host = try startedHost([try Fixtures.plugin("good_provider")], in: directory)
        let entry = try host.resolve("fx.echo")
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<500 {
                let body = "{\"w\":\(worker),\"i\":\(index)}"
                if host.call(entry, body: Array(body.utf8)).text != body { failures.increment() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
