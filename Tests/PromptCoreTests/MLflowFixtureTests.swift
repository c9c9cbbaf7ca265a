import Foundation
@testable import PromptCore
import XCTest

/// The MLflow-shaped export of a fixed registry, compared with a committed file. The same file is
/// loaded into MLflow's own entity classes by `.ci/steps/21-prompt-mlflow.sh`, so the field names
/// are checked against the real library, not against our reading of its documentation.
/// Set PROMPT_UPDATE_FIXTURES=1 to rewrite the file after an intended change.
final class MLflowFixtureTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mlflow-export.json")

    static var document: RegistryExport {
        let created: Int64 = 1_764_000_000_000
        func version(_ number: Int, _ content: VersionContent, _ message: String, tags: [String: String] = [:]) -> ExportedVersion {
            ExportedVersion(version: number, content: content, commitMessage: message, tags: tags, author: "ada", createdAt: created + Int64(number) * 60_000)
        }
        let support = ExportedPrompt(
            name: "support.reply", description: "Replies to customer tickets", tags: ["team": "care"], createdAt: created,
            versions: [
                version(1, VersionContent(template: .text("Answer {{ question }} politely."),
                                          modelParameters: ModelParameters(["model": .string("gpt-4o-mini"), "temperature": .number(0.2),
                                                                            "max_tokens": .number(400), "stop": .string("END"), "seed": .number(7)])),
                        "first draft", tags: ["reviewed": "no"]),
                version(2, VersionContent(template: .chat([ChatMessage(role: "system", content: "You are {{assistant}} of {{company}}."),
                                                           ChatMessage(role: "user", content: "{{question}}")]),
                                          variables: [VariableSpec(name: "assistant", defaultValue: "Ava")],
                                          modelParameters: ModelParameters(["provider": .string("openai"), "model": .string("gpt-4o"),
                                                                            "top_p": .number(0.9), "top_k": .number(40),
                                                                            "presence_penalty": .number(0.5), "frequency_penalty": .number(0.1),
                                                                            "stop": .array([.string("###")])])),
                        "chat version"),
                version(3, VersionContent(template: .chat([ChatMessage(role: "user", content: "Extract the order from: {{text}}")]),
                                          responseFormat: .object(["type": .string("object"),
                                                                   "properties": .object(["order": .object(["type": .string("string")])])])),
                        "structured output"),
            ],
            aliases: [ExportedAlias(alias: "production", variants: [AliasVariant(version: 2)]),
                      ExportedAlias(alias: "canary", variants: [AliasVariant(version: 2, weight: 90), AliasVariant(version: 3, weight: 10)])],
            aliasMoves: [])
        return RegistryExport(prompts: [support], exportedAt: created)
    }

    func testTheMLflowExportMatchesTheCheckedFile() throws {
        let fixture = try RegistryFixture()
        try fixture.registry.importDocument(Self.document)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let exported = try encoder.encode(try fixture.registry.exportMLflow())
        if ProcessInfo.processInfo.environment["PROMPT_UPDATE_FIXTURES"] == "1" {
            try (exported + Data("\n".utf8)).write(to: Self.fixture)
        }
        let expected = try Data(contentsOf: Self.fixture)
        XCTAssertEqual(String(decoding: exported, as: UTF8.self) + "\n", String(decoding: expected, as: UTF8.self),
                       "the MLflow export changed; check it, then rerun with PROMPT_UPDATE_FIXTURES=1")
    }
}
