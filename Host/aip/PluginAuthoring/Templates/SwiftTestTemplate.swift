/// The scaffolded Swift project's test: PluginTestKit loads the real .so into an in-process host.
enum SwiftTestTemplate {
    static let text = #"""
import Foundation
import PluginTestKit
import XCTest

final class {{module}}Tests: XCTestCase {
    struct Greet: Encodable { let name: String }
    struct Greeting: Decodable { let message: String }

    /// The plugin library SwiftPM built next to this test bundle.
    private var library: String {
        let bin = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
            .deletingLastPathComponent()
        return bin.appendingPathComponent("lib{{module}}.so").path
    }

    func testGreetsWithTheConfiguredGreetingAndPublishes() throws {
        let host = try PluginTestHost(config: #"{"greeting": "Hi"}"#)
        defer { host.stop() }
        try host.load(library)
        let reply = try host.call("{{capability}}", Greet(name: "Ada"), as: Greeting.self)
        XCTAssertEqual(reply.message, "Hi, Ada!")
        let event = try host.waitForEvent(matching: "{{topic}}")
        XCTAssertEqual(event.source, "{{name}}")
    }

    func testAnEmptyNameIsRefused() throws {
        let host = try PluginTestHost()
        defer { host.stop() }
        try host.load(library)
        XCTAssertThrowsError(try host.call("{{capability}}", Greet(name: ""), as: Greeting.self))
    }
}
"""#
}
