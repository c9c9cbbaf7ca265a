import Foundation
@testable import GuardrailsCore

/// Engines and checks shared by the Core tests.
enum Fixture {
    static let builtIn = GuardrailsEngine(settings: GuardrailsSettings())

    static func engine(_ config: String, dataDirectory: String? = nil) throws -> GuardrailsEngine {
        GuardrailsEngine(settings: try GuardrailsSettings.load(configText: config, dataDirectory: dataDirectory))
    }

    /// Findings of one rule under the "monitor" policy (every rule on, nothing blocked).
    static func findings(_ rule: RuleID, in text: String, engine: GuardrailsEngine = builtIn, documents: [String] = []) throws -> [Finding] {
        try engine.check(CheckRequest(text: text, policy: "monitor", documents: documents)).findings
            .map(\.finding).filter { $0.rule == rule }
    }

    static func categories(_ rule: RuleID, in text: String, engine: GuardrailsEngine = builtIn) throws -> [String] {
        try findings(rule, in: text, engine: engine).map(\.category)
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "guardrails-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
