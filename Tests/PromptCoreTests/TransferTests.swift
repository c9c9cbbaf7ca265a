import Foundation
@testable import PromptCore
import XCTest

final class TransferTests: XCTestCase {
    private func populated(_ fixture: RegistryFixture) throws -> PromptRegistry {
        let registry = fixture.registry
        try registry.create(name: "a", description: "first", tags: ["team": "x"],
                            firstVersion: textVersion("one {{v}}", message: "m1", parameters: ["model": .string("gpt-4o"), "stop": .string("END"), "seed": .number(3)]))
        try registry.createVersion(name: "a", textVersion("two {{v}}", message: "m2", variables: [VariableSpec(name: "v", defaultValue: "d")]))
        try registry.setAlias(name: "a", alias: "production", variants: [AliasVariant(version: 1)])
        try registry.setAlias(name: "a", alias: "production", variants: [AliasVariant(version: 2)])
        try registry.rollbackAlias(name: "a", alias: "production")
        try registry.setAlias(name: "a", alias: "canary", variants: [AliasVariant(version: 1, weight: 9), AliasVariant(version: 2, weight: 1)])
        try registry.create(name: "b", firstVersion: NewVersion(content: VersionContent(
            template: .chat([ChatMessage(role: "system", content: "sys"), ChatMessage(role: "user", content: "{{q}}")]),
            responseFormat: .object(["type": .string("json_object")]))))
        return registry
    }

    private func roundTrip(_ document: RegistryExport) throws -> RegistryExport {
        let encoder = JSONEncoder()
        return try JSONDecoder().decode(RegistryExport.self, from: encoder.encode(document))
    }

    func testExportImportKeepsTheWholeHistory() throws {
        let sourceFixture = try RegistryFixture()
        let source = try populated(sourceFixture)
        let document = try roundTrip(try source.export())
        XCTAssertEqual(document.format, "aip.prompt-registry")
        XCTAssertEqual(document.prompts.map(\.name), ["a", "b"])

        let target = try RegistryFixture()
        let report = try target.registry.importDocument(document)
        XCTAssertEqual(report.created, ["a", "b"])
        XCTAssertEqual(try target.registry.versions(name: "a").map(\.commitMessage), ["m1", "m2"])
        XCTAssertEqual(try target.registry.versions(name: "a"), try source.versions(name: "a"))
        XCTAssertEqual(try target.registry.summary(name: "a").aliases.map(\.alias), ["canary", "production"])
        let history = try target.registry.aliasHistory(name: "a", alias: "production")
        XCTAssertEqual(history.map { $0.to?.first?.version }, [1, 2, 1])
        XCTAssertEqual(history[2].rollbackOf, history[1].id, "rollback links point at the imported move ids")
        // Rollback continues on the imported history: move 2 was undone already, so the next
        // rollback undoes move 1, which created the alias.
        XCTAssertNil(try target.registry.rollbackAlias(name: "a", alias: "production").to)

        // The same file again changes nothing.
        let again = try target.registry.importDocument(document)
        XCTAssertEqual(again.created, [])
        XCTAssertEqual(again.unchanged, ["b"])
        XCTAssertEqual(again.updated.map(\.aliasesMoved), [["production"]], "the document's alias wins, and the move is recorded")
        XCTAssertEqual(try target.registry.version(name: "a", .alias("production")).version, 1)
        XCTAssertEqual(try target.registry.importDocument(document).unchanged, ["a", "b"])
    }

    func testImportAppendsNewVersionsButNeverRewritesHistory() throws {
        let sourceFixture = try RegistryFixture()
        let source = try populated(sourceFixture)
        let target = try RegistryFixture()
        try target.registry.importDocument(try source.export(names: ["a"]))
        try source.createVersion(name: "a", textVersion("three {{v}}"))
        let update = try target.registry.importDocument(try source.export(names: ["a"]), dryRun: true)
        XCTAssertEqual(update.updated.first?.versionsAdded, [3])
        XCTAssertTrue(update.dryRun)
        XCTAssertEqual(try target.registry.summary(name: "a").latestVersion, 2, "a dry run writes nothing")
        try target.registry.importDocument(try source.export(names: ["a"]))
        XCTAssertEqual(try target.registry.summary(name: "a").latestVersion, 3)

        // A diverging history is refused, and nothing of the document is written.
        var diverging = try source.export()
        diverging.prompts[0].versions[1].content.template = .text("rewritten {{v}}")
        diverging.prompts[1].name = "brand-new"
        assertPromptError(.conflict, try target.registry.importDocument(diverging), contains: ["prompts[0]", "version 2 of 'a' differs"])
        assertPromptError(.notFound, try target.registry.summary(name: "brand-new"))
    }

    func testBadDocumentsNameTheFieldAndWriteNothing() throws {
        let registry = try RegistryFixture()
        func document(_ json: String) throws -> RegistryExport { try JSONDecoder().decode(RegistryExport.self, from: Data(json.utf8)) }
        assertPromptError(.invalidArgument, try registry.registry.importDocument(document(#"{"format": "other", "format_version": 1, "prompts": []}"#)),
                          contains: ["format must be 'aip.prompt-registry'"])
        assertPromptError(.invalidArgument, try registry.registry.importDocument(document(#"{"format": "aip.prompt-registry", "format_version": 9, "prompts": []}"#)),
                          contains: ["format_version 9"])
        assertPromptError(.invalidArgument, try registry.registry.importDocument(document("""
            {"format": "aip.prompt-registry", "format_version": 1, "prompts": [
              {"name": "ok", "versions": [{"version": 1, "template": "fine"}]},
              {"name": "broken", "versions": [{"version": 1, "template": "x"}, {"version": 2, "template": "Hi {{name"}]}]}
            """)), contains: ["prompts[1].versions[1]: template: line 1, column 4: unclosed '{{'"])
        assertPromptError(.invalidArgument, try registry.registry.importDocument(document("""
            {"format": "aip.prompt-registry", "format_version": 1, "prompts": [
              {"name": "gap", "versions": [{"version": 2, "template": "x"}]}]}
            """)), contains: ["prompts[0].versions[0].version must be 1"])
        assertPromptError(.invalidArgument, try registry.registry.importDocument(document("""
            {"format": "aip.prompt-registry", "format_version": 1, "prompts": [
              {"name": "al", "versions": [{"version": 1, "template": "x"}], "aliases": [{"alias": "prod", "variants": [{"version": 4, "weight": 1}]}]}]}
            """)), contains: ["prompts[0].aliases[0]: version 4 is not in the document"])
        XCTAssertEqual(try registry.registry.list().total, 0)
    }

    func testMLflowExportUsesMLflowFieldNames() throws {
        let fixture = try RegistryFixture()
        let registry = try populated(fixture)
        let data = try JSONEncoder().encode(try registry.exportMLflow(names: ["a", "b"]))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prompts = try XCTUnwrap(json["prompts"] as? [[String: Any]])
        let a = prompts[0]
        XCTAssertEqual(a["name"] as? String, "a")
        XCTAssertNotNil(a["creation_timestamp"] as? Int)
        let aliases = try XCTUnwrap(a["aliases"] as? [[String: Any]])
        XCTAssertEqual(aliases.map { $0["alias"] as? String }, ["production"])
        XCTAssertEqual(aliases.first?["version"] as? String, "1")
        let tags = try XCTUnwrap(a["tags"] as? [String: String])
        XCTAssertEqual(tags["team"], "x")
        XCTAssertNotNil(tags["aip.alias_split.canary"])
        let versions = try XCTUnwrap(a["versions"] as? [[String: Any]])
        let v1 = versions[0]
        XCTAssertEqual(v1["template"] as? String, "one {{v}}")
        XCTAssertEqual(v1["commit_message"] as? String, "m1")
        XCTAssertEqual(v1["uri"] as? String, "prompts:/a/1")
        XCTAssertEqual(v1["variables"] as? [String], ["v"])
        XCTAssertEqual(v1["aliases"] as? [String], ["production"])
        let config = try XCTUnwrap(v1["model_config"] as? [String: Any])
        XCTAssertEqual(config["model_name"] as? String, "gpt-4o")
        XCTAssertEqual(config["stop_sequences"] as? [String], ["END"])
        XCTAssertEqual(config["seed"] as? Int, 3)
        XCTAssertNil(config["model"])
        let chat = try XCTUnwrap((prompts[1]["versions"] as? [[String: Any]])?.first)
        XCTAssertEqual((chat["template"] as? [[String: String]])?.map { $0["role"] }, ["system", "user"])
        XCTAssertEqual((chat["response_format"] as? [String: String])?["type"], "json_object")
    }
}
