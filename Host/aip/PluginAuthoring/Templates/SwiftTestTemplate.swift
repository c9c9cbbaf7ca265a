/// The scaffolded Swift project's test: PluginTestKit loads the real .so into an in-process host.
enum SwiftTestTemplate {
    static let text = #"""
import PluginTestKit
import XCTest

final class {{module}}Tests: XCTestCase {
    struct Greet: Encodable { let name: String }
    struct Greeting: Decodable { let message: String }

    /// The plugin library SwiftPM built next to this test bundle.
    private func library() throws -> String { try BuiltPlugin.path(ofProduct: "{{module}}") }

    func testGreetsWithTheConfiguredGreetingAndPublishes() throws {
        let host = try PluginTestHost(config: ["{{name}}": #"{"greeting": "Hi"}"#])
        try host.load(try library())
        let reply = try host.call("{{capability}}", Greet(name: "Ada"), as: Greeting.self)
        XCTAssertEqual(reply.message, "Hi, Ada!")
        let event = try host.waitForEvent(matching: "{{topic}}")
        XCTAssertEqual(event.source, "{{name}}")
        try host.stop()
    }

    func testAnEmptyNameIsRefusedAsInvalidArgument() throws {
        let host = try PluginTestHost()
        try host.load(try library())
        XCTAssertThrowsError(try host.call("{{capability}}", Greet(name: ""), as: Greeting.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
        }
        try host.stop()
    }
}
"""#
}
