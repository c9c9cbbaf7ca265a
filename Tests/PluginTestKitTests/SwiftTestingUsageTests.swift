import PluginTestKit
import Testing

/// The kit from Swift Testing: thrown errors and returned values are all it needs.
@Suite struct SwiftTestingUsageTests {
    struct Text: Codable, Equatable, Sendable { let text: String }

    @Test func stubsCallsAndFailuresWorkFromSwiftTesting() throws {
        let host = try PluginTestHost()
        try host.stub("fx.echo") { (input: Text) in Text(text: input.text.uppercased()) }
        try host.load(TestPlugins.consumer())
        #expect(try host.call("fx.relay", Text(text: "swift testing"), as: Text.self) == Text(text: "SWIFT TESTING"))

        let failure = #expect(throws: PluginTestError.self) { try host.call("nobody.home", as: Text.self) }
        #expect(failure?.status == .notFound)
    }
}
