import AIPConfig
@testable import AIPPackaging
import XCTest

/// `PluginManifest.load`: a valid manifest decodes field by field; every kind of bad input is
/// refused with the file, the field path, line:column where there is one, and the reason.
final class ManifestLoadingTests: XCTestCase {
    func testTheCounterExampleLoadsWithEveryField() throws {
        let path = PackagingFixtures.counterExample.appendingPathComponent("plugin.json").path
        let manifest = try PluginManifest.load(path: path)
        XCTAssertEqual(manifest.manifestVersion, 1)
        XCTAssertEqual(manifest.name, "counter")
        XCTAssertEqual(manifest.version, "1.0.0")
        XCTAssertEqual(manifest.license, "Apache-2.0")
        XCTAssertEqual(manifest.language, "c")
        XCTAssertNil(manifest.swiftToolchain)
        XCTAssertEqual(manifest.library, "libcounter.so")
        XCTAssertTrue(manifest.threadSafe)
        XCTAssertEqual(manifest.isolation, "either")
        XCTAssertEqual(manifest.provides, [
            .init(name: "counter.increment", version: "1.0.0"),
            .init(name: "counter.get", version: "1.0.0"),
            .init(name: "counter.add", version: "1.0.0", signature: "i64(i64,i64)"),
        ])
        XCTAssertEqual(manifest.requires, [])
        XCTAssertEqual(manifest.permissions, .init(publish: ["counter.#"], subscribe: ["greeter.#"]))
        XCTAssertEqual(manifest.configSchema?["properties"]?["step"]?["minimum"], .int(1))
    }

    func testOptionalFieldsAndRequirementDefaults() throws {
        var json = try counterManifest()
        json["homepage"] = "https://example.org/counter"
        json["requires"] = [["name": "greeter.greet", "range": "^1.0", "optional": true], ["name": "http.route.*"]]
        json["config_schema"] = .null
        let folder = try TemporaryFolder()
        let manifest = try PluginManifest.load(path: try folder.write("plugin.json", JSONValue.object(json).serialized()))
        XCTAssertEqual(manifest.homepage, "https://example.org/counter")
        XCTAssertEqual(manifest.requires, [.init(name: "greeter.greet", range: "^1.0", optional: true),
                                           .init(name: "http.route.*", range: nil, optional: false)])
        XCTAssertNil(manifest.configSchema)
    }

    func testWrongFieldTypeNamesFileFieldAndLine() throws {
        let error = try loadFailure { $0["thread_safe"] = "yes" }
        try assertProblem(error, field: "thread_safe", mentions: "expected boolean, got string", located: true)
    }

    func testMissingRequiredFieldNamesTheField() throws {
        let error = try loadFailure { $0["library"] = nil }
        try assertProblem(error, field: "library", mentions: "required", located: true)
    }

    func testMissingFieldInsideAnEntryNamesTheEntryField() throws {
        let error = try loadFailure { $0["provides"] = [["name": "counter.get"]] }
        try assertProblem(error, field: "provides[0].version", mentions: "required", located: true)
    }

    func testNameWithPathSeparatorIsRefused() throws {
        let error = try loadFailure { $0["name"] = "../counter" }
        try assertProblem(error, field: "name", mentions: "path separator", located: true)
        XCTAssertEqual(error.problems.count, 1, "the specific explanation replaces the schema's pattern message: \(error)")
    }

    func testNonSemverVersionIsRefused() throws {
        let error = try loadFailure { $0["version"] = "1.0" }
        try assertProblem(error, field: "version", mentions: "not a semantic version", located: true)
    }

    func testNonSemverCapabilityVersionIsRefused() throws {
        let error = try loadFailure { $0["provides"] = [["name": "counter.get", "version": "1.0.0"], ["name": "counter.add", "version": "01.0.0"]] }
        try assertProblem(error, field: "provides[1].version", mentions: "not a semantic version", located: true)
    }

    func testBadRangeIsRefused() throws {
        let error = try loadFailure { $0["requires"] = [["name": "greeter.greet", "range": "^one"]] }
        try assertProblem(error, field: "requires[0].range", mentions: "not a version range", located: true)
    }

    func testBadSignatureIsRefused() throws {
        let error = try loadFailure { $0["provides"] = [["name": "counter.add", "version": "1.0.0", "signature": "i64(i65)"]] }
        try assertProblem(error, field: "provides[0].signature", mentions: "native signature 'i64(i65)' is invalid", located: true)
    }

    func testBadTopicPatternIsRefused() throws {
        let error = try loadFailure { $0["permissions"] = ["publish": ["counter.#"], "subscribe": ["greeter.#x"]] }
        try assertProblem(error, field: "permissions.subscribe[0]", mentions: "invalid topic pattern 'greeter.#x'", located: true)
    }

    func testSwiftLanguageWithoutToolchainIsRefused() throws {
        let error = try loadFailure { $0["language"] = "swift" }
        try assertProblem(error, field: "swift_toolchain", mentions: "required when language is \"swift\"", located: true)
        XCTAssertEqual(error.problems.count, 1, "\(error)")
    }

    func testToolchainIsForbiddenForC() throws {
        let error = try loadFailure { $0["swift_toolchain"] = "6.3.1" }
        try assertProblem(error, field: "swift_toolchain", mentions: "must be left out when language is \"c\"", located: true)
    }

    func testUnknownFieldIsRefusedSoTyposShow() throws {
        let error = try loadFailure { $0["publishes"] = ["counter.#"] }
        try assertProblem(error, field: "publishes", mentions: "unknown property", located: true)
    }

    func testLibraryWithDirectoryIsRefused() throws {
        let error = try loadFailure { $0["library"] = "../lib/libcounter.so" }
        try assertProblem(error, field: "library", mentions: "no '/' and no '..'", located: true)
    }

    func testDuplicateCapabilityIsRefused() throws {
        let error = try loadFailure { $0["provides"] = [["name": "counter.get", "version": "1.0.0"], ["name": "counter.get", "version": "2.0.0"]] }
        try assertProblem(error, field: "provides[1].name", mentions: "already provided by provides[0]", located: true)
    }

    func testUnusableConfigSchemaIsRefused() throws {
        let error = try loadFailure { $0["config_schema"] = ["type": "integer-ish"] }
        try assertProblem(error, field: "config_schema", mentions: "not a JSON Schema the host can use", located: true)
    }

    func testEveryProblemIsReportedAtOnceInFileOrder() throws {
        let error = try loadFailure {
            $0["version"] = "v1"
            $0["thread_safe"] = 1
            $0["library"] = nil
        }
        XCTAssertEqual(Set(error.problems.map(\.field)), ["version", "thread_safe", "library"], "\(error)")
        let lines = error.problems.compactMap { $0.location?.line }
        XCTAssertEqual(lines, lines.sorted())
        XCTAssertEqual(error.lines.count, 3)
    }

    func testInvalidJSONIsLocated() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("plugin.json", "{\n  \"name\": \"counter\",\n  \"version\": 1.0.0\n}\n")
        XCTAssertThrowsError(try PluginManifest.load(path: path)) { error in
            let description = String(describing: error)
            XCTAssertTrue(description.hasPrefix("\(path):3:"), description)
            XCTAssertTrue(description.contains("invalid JSON"), description)
        }
    }

    func testUnreadableFileNamesIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("plugin.json")
        XCTAssertThrowsError(try PluginManifest.load(path: path)) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("\(path): "), "\(error)")
            XCTAssertTrue(String(describing: error).contains("cannot read"), "\(error)")
        }
    }

    // MARK: - Helpers

    /// Writes the counter manifest changed by `edit` and returns the error loading it throws.
    private func loadFailure(_ edit: (inout [String: JSONValue]) -> Void, file: StaticString = #filePath, line: UInt = #line) throws -> ManifestError {
        var json = try counterManifest()
        edit(&json)
        let folder = try TemporaryFolder()
        let path = try folder.write("plugin.json", JSONValue.object(json).serialized(pretty: true))
        do {
            _ = try PluginManifest.load(path: path)
        } catch {
            XCTAssertEqual(error.file, path, file: file, line: line)
            return error
        }
        XCTFail("the manifest loaded although it is invalid", file: file, line: line)
        throw FixtureFailure("no error")
    }

    private func assertProblem(_ error: ManifestError, field: String, mentions reason: String, located: Bool,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        guard let index = error.problems.firstIndex(where: { $0.field == field }) else {
            return XCTFail("no problem for \(field) in:\n\(error)", file: file, line: line)
        }
        let problem = error.problems[index]
        XCTAssertTrue(problem.reason.contains(reason), "reason for \(field): \(problem.reason)", file: file, line: line)
        XCTAssertEqual(problem.location != nil, located, "location of \(field)", file: file, line: line)
        // The printed form carries everything: file, position, field path and reason.
        let printed = error.lines[index]
        let position = problem.location.map { ":\($0.line):\($0.column)" } ?? ""
        XCTAssertTrue(printed.hasPrefix("\(error.file)\(position): \(field): "), printed, file: file, line: line)
        XCTAssertTrue(error.description.contains(printed), file: file, line: line)
    }
}
