import PluginTestKit
import XCTest

/// Stubs stand in for capabilities a plugin requires; fx-consumer requires fx.echo ^1.0 and its
/// fx.relay forwards to it through host->lookup and host->call.
final class StubTests: XCTestCase {
    struct Text: Codable, Equatable, Sendable { let text: String }

    func testAStubbedRequirementLetsThePluginStartAndAnswersItsCalls() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { (input: Text) in Text(text: "stub saw \(input.text)") }
        let plugin = try host.load(TestPlugins.consumer())
        XCTAssertEqual(plugin.name, "fx-consumer")

        XCTAssertEqual(try host.call("fx.relay", Text(text: "hi"), as: Text.self), Text(text: "stub saw hi"))

        let calls = host.calls(to: "fx.echo")
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls.first?.caller, "fx-consumer")
        XCTAssertEqual(try calls.first?.decode(Text.self), Text(text: "hi"))
    }

    func testWithoutTheStubThePluginIsRefusedWithTheHostsReason() throws {
        let host = try PluginTestHost()
        let consumer = try TestPlugins.consumer()
        XCTAssertThrowsError(try host.load(consumer)) { error in
            guard case .refused(let plugin, let stage, let reason) = error as? PluginTestError else {
                return XCTFail("expected a refusal, got \(error)")
            }
            XCTAssertEqual(plugin, "fx-consumer")
            XCTAssertEqual(stage, "dependency")
            XCTAssertTrue(reason.contains("fx.echo"), reason)
        }
    }

    func testAStubOutsideTheRequiredRangeDoesNotSatisfyTheRequirement() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo", version: "2.0.0") { _ in .json(text: "{}") }
        let consumer = try TestPlugins.consumer()
        XCTAssertThrowsError(try host.load(consumer)) { error in
            XCTAssertTrue((error as? PluginTestError)?.message.contains("host provides version 2.0.0") == true, "\(error)")
        }
    }

    func testAStubFailureReachesTheCallerWithItsStatusAndMessage() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { (_: Text) -> Text in throw StubFailure(.unavailable, "backend is down") }
        try host.load(TestPlugins.consumer())
        XCTAssertThrowsError(try host.call("fx.relay", Text(text: "hi"), as: Text.self)) { error in
            XCTAssertEqual(error as? PluginTestError,
                           .callFailed(capability: "fx.relay", status: .unavailable, message: "backend is down"))
        }
    }

    func testAnyOtherErrorFromAStubAnswersInternalWithItsDescription() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the fake broke" } }
        let host = try PluginTestHost()
        try host.stub("fx.echo") { _ in throw Broken() }
        try host.load(TestPlugins.consumer())
        let reply = try host.callRaw("fx.relay", body: Array("{}".utf8))
        XCTAssertEqual(reply.status, .internal)
        XCTAssertTrue(reply.errorMessage.contains("the fake broke"), reply.errorMessage)
    }

    func testAJSONStubAnswersInvalidArgumentWhenTheRequestDoesNotDecode() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { (input: Text) in input }
        try host.load(TestPlugins.consumer())
        let reply = try host.callRaw("fx.relay", body: Array(#"{"other": 1}"#.utf8))
        XCTAssertEqual(reply.status, .invalidArgument)
        XCTAssertTrue(reply.errorMessage.contains("\"text\""), reply.errorMessage)
    }

    func testARawStubSeesAndAnswersAnyContentType() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { call in
            .bytes(call.body.reversed(), contentType: "application/x-reversed+\(call.contentType.split(separator: "/").last ?? "")")
        }
        try host.load(TestPlugins.consumer())
        let reply = try host.callRaw("fx.relay", body: [1, 2, 3], contentType: "application/octet-stream")
        XCTAssertEqual(reply.status, .ok)
        XCTAssertEqual(reply.body, [3, 2, 1])
        XCTAssertEqual(reply.contentType, "application/x-reversed+octet-stream")
        XCTAssertEqual(host.calls(to: "fx.echo").first?.contentType, "application/octet-stream")
    }

    func testStubbingACapabilityTwiceOrWithABadNameIsAnInvalidSetup() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { _ in .json(text: "{}") }
        XCTAssertThrowsError(try host.stub("fx.echo") { _ in .json(text: "{}") }) { error in
            guard case .invalidSetup(let message) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("already provided"), message)
        }
        XCTAssertThrowsError(try host.stub("Not A Name") { _ in .json(text: "{}") })
        XCTAssertThrowsError(try host.stub("fx.other", version: "one") { _ in .json(text: "{}") })
    }
}
