import Foundation
import PluginTestKit
import XCTest

/// The prompt plugin's real `.so` in a PluginTestKit host, called with JSON text.
final class PromptHost {
    let host: PluginTestHost
    let plugin: LoadedPlugin

    init(config: String = #"{"install_builtins": false}"#) throws {
        host = try PluginTestHost(config: ["prompt": config], timeout: .seconds(20))
        plugin = try host.load(BuiltPlugin.path(ofProduct: "PromptPlugin"))
    }

    /// Calls and decodes the reply as a JSON object; a non-ok status fails with its message.
    @discardableResult
    func call(_ capability: String, _ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let reply = try host.callRaw(capability, body: Array(json.utf8))
        guard reply.isOK else {
            XCTFail("\(capability) failed with \(reply.status): \(reply.errorMessage)", file: file, line: line)
            throw PluginTestError.callFailed(capability: capability, status: reply.status, message: reply.errorMessage)
        }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], file: file, line: line)
    }

    /// Calls expecting a failure; returns the status and the error message.
    func failure(_ capability: String, _ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> (status: PluginStatus, message: String) {
        let reply = try host.callRaw(capability, body: Array(json.utf8))
        XCTAssertFalse(reply.isOK, "\(capability) unexpectedly answered \(reply.text)", file: file, line: line)
        return (reply.status, reply.errorMessage)
    }

    func eventPayloads(_ topic: String) throws -> [[String: Any]] {
        try host.events(matching: topic).map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.payload)) as? [String: Any]) }
    }
}
