import AIPConfig
@testable import AIPPackaging
import XCTest

/// The published schema file and the copy embedded in AIPPackaging must be the same text, and the
/// schema must document every property it declares.
final class ManifestSchemaTests: XCTestCase {
    private let schemaFile = PackagingFixtures.repositoryRoot.appendingPathComponent("PluginSDK/plugin-manifest.schema.json")

    func testEmbeddedSchemaIsTheFileVerbatim() throws {
        let file = try String(contentsOf: schemaFile, encoding: .utf8)
        XCTAssertEqual(ManifestSchema.text, file, "edit PluginSDK/plugin-manifest.schema.json and paste it into ManifestSchema.swift")
    }

    func testSchemaIsDraft2020AndCompiles() throws {
        let schema = try JSONParser.parse(ManifestSchema.text)
        XCTAssertEqual(schema["$schema"], "https://json-schema.org/draft/2020-12/schema")
        XCTAssertNoThrow(try JSONSchema(schema))
    }

    func testEveryPropertyHasADescription() throws {
        var undocumented: [String] = []
        func walk(_ node: JSONValue, at path: String) {
            for (name, property) in (node["properties"]?.objectValue ?? [:]) {
                let propertyPath = path.isEmpty ? name : "\(path).\(name)"
                if property["description"]?.stringValue?.isEmpty != false { undocumented.append(propertyPath) }
                walk(property, at: propertyPath)
                if let items = property["items"] {
                    if items["description"]?.stringValue?.isEmpty != false { undocumented.append(propertyPath + "[]") }
                    walk(items, at: propertyPath + "[]")
                }
            }
        }
        let schema = try JSONParser.parse(ManifestSchema.text)
        walk(schema, at: "")
        XCTAssertEqual(undocumented, [])
        // The top-level property list must cover what the Swift type writes.
        let declared = Set(schema["properties"]?.objectValue?.keys.map { $0 } ?? [])
        let written = Set(PluginManifest.CodingKeys.allCases.map(\.stringValue))
        XCTAssertEqual(declared, written)
    }
}
