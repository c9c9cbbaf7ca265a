import PluginTestKit
import XCTest

/// Calls with Codable values, raw bytes and native arguments, and how failures surface.
final class CallTests: XCTestCase {
    struct Write: Encodable { let file: String; let text: String }
    struct Written: Decodable { let path: String }

    func testCodableCallsEncodeTheInputAndDecodeTheReply() throws {
        let host = try PluginTestHost()
        let probe = try host.load(TestPlugins.probe())
        let written = try host.call("probe.write", Write(file: "note.txt", text: "hello"), as: Written.self)
        XCTAssertEqual(written.path, probe.dataDirectory + "/note.txt")
    }

    func testAFailedCallThrowsItsStatusAndTheMessageOfItsErrorBody() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        XCTAssertThrowsError(try host.call("probe.fail", as: Written.self)) { error in
            let failure = error as? PluginTestError
            XCTAssertEqual(failure, .callFailed(capability: "probe.fail", status: .invalidArgument, message: "probe was asked to fail"))
            XCTAssertEqual(failure?.status, .invalidArgument)
            XCTAssertEqual("\(error)", "probe.fail failed with invalid_argument: probe was asked to fail")
        }
    }

    func testAnUnknownCapabilityIsNotFound() throws {
        let host = try PluginTestHost()
        XCTAssertThrowsError(try host.call("nobody.home", as: Written.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .notFound)
        }
    }

    func testARawCallReturnsFailuresInsteadOfThrowing() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        let echoed = try host.callRaw("probe.bytes", body: [0, 255, 7], contentType: "application/octet-stream")
        XCTAssertEqual(echoed, CallReply(status: .ok, contentType: "application/octet-stream", body: [0, 255, 7]))
        let failed = try host.callRaw("probe.fail")
        XCTAssertFalse(failed.isOK)
        XCTAssertEqual(failed.status, .invalidArgument)
        XCTAssertEqual(failed.errorMessage, "probe was asked to fail")
    }

    func testAReplyThatDoesNotDecodeSaysWhatWasExpectedAndShowsTheJSON() throws {
        struct Wrong: Decodable { let missing: Int }
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        XCTAssertThrowsError(try host.call("probe.emit", ["count": 0], as: Wrong.self)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("probe.emit"), text)
            XCTAssertTrue(text.contains("\"missing\""), text)
            XCTAssertTrue(text.contains(#"{"published":0}"#), text)
        }
    }

    func testNativeCallsTakeEncodableOrJSONArguments() throws {
        let host = try PluginTestHost()
        try host.load(CPluginCompiler.plugin(atRepositoryPath: "PluginSDK/Examples/c-counter/counter.c"))
        XCTAssertEqual(try host.callNative("counter.add", [2, 3], as: Int.self), 5)
        XCTAssertEqual(try host.callNative("counter.add", jsonArguments: "[-4, 1]", as: Int.self), -3)
        XCTAssertThrowsError(try host.callNative("counter.add", [1], as: Int.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
            XCTAssertTrue("\(error)".contains("argument"), "\(error)")
        }
    }
}
