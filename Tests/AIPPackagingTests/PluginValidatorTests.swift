import AIPConfig
import AIPHost
import AIPPackaging
import Foundation
import XCTest

/// `PluginValidator.validate`: the library must exist, be a shared object for this machine and
/// load; then every field the descriptor determines must agree with the manifest.
final class PluginValidatorTests: XCTestCase {
    func testTheCounterExampleAgreesWithItsLibrary() throws {
        let report = try validateCounter { _ in }
        XCTAssertTrue(report.ok, "\(report.errors)")
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.plugin, "counter 1.0.0")
    }

    func testMissingLibraryNamesManifestAndLibraryField() throws {
        let folder = try TemporaryFolder()
        let manifest = try folder.write("plugin.json", JSONValue.object(try counterManifest()).serialized(pretty: true))
        let report = PluginValidator.validate(manifestPath: manifest, prober: nil)
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].hasPrefix("\(manifest): library: "), report.errors[0])
        XCTAssertTrue(report.errors[0].contains("\(folder.path)/libcounter.so does not exist"), report.errors[0])
    }

    func testLibraryForAnotherArchitectureIsRefusedBeforeLoading() throws {
        let folder = try TemporaryFolder()
        let manifest = try counterFolder(try counterManifest(), in: folder)
        var bytes = try folder.read("libcounter.so")
        bytes[18] = UInt8(Self.foreignMachine & 0xFF)
        bytes[19] = UInt8(Self.foreignMachine >> 8)
        try folder.write("libcounter.so", bytes)
        let report = PluginValidator.validate(manifestPath: manifest, prober: nil)
        XCTAssertFalse(report.ok)
        let libraryError = report.errors.first { $0.hasPrefix("\(manifest): library: ") }
        XCTAssertNotNil(libraryError, "\(report.errors)")
        XCTAssertTrue(libraryError?.contains("is built for \(Self.foreignArchitecture)") == true, "\(report.errors)")
        // The manifest still claims this host's platform, which the library now contradicts.
        XCTAssertTrue(report.errors.contains { $0.hasPrefix("\(manifest): platform: ") }, "\(report.errors)")
    }

    func testPlatformMustMatchTheLibrary() throws {
        let report = try validateCounter { $0["platform"] = .string("\(Self.foreignArchitecture)-unknown-linux-gnu") }
        XCTAssertEqual(report.errors.count, 1, "\(report.errors)")
        XCTAssertTrue(report.errors[0].contains("platform: says \(Self.foreignArchitecture)-unknown-linux-gnu but the library"), report.errors[0])
    }

    func testFileThatIsNotELFIsRefused() throws {
        let folder = try TemporaryFolder()
        let manifest = try folder.write("plugin.json", JSONValue.object(try counterManifest()).serialized())
        try folder.write("libcounter.so", "#!/bin/sh\necho not a library\n")
        let report = PluginValidator.validate(manifestPath: manifest, prober: nil)
        XCTAssertEqual(report.errors, ["\(manifest): library: \(folder.path)/libcounter.so is not an ELF shared library"])
    }

    func testNameMismatch() throws {
        try assertOnlyMismatch({ $0["name"] = "counter2" }, #"name: plugin.json says "counter2" but the library says "counter""#)
    }

    func testVersionMismatch() throws {
        try assertOnlyMismatch({ $0["version"] = "1.0.1" }, "version: plugin.json says 1.0.1 but the library says 1.0.0")
    }

    func testAbiMismatch() throws {
        try assertOnlyMismatch({ $0["abi"] = "1.0" }, "abi: plugin.json says 1.0 but the library says 1.1")
    }

    func testLanguageMismatch() throws {
        try assertOnlyMismatch({ $0["language"] = "swift"; $0["swift_toolchain"] = "6.3.1" },
                               #"language: plugin.json says "swift" but the library says "c""#)
    }

    func testThreadSafeMismatch() throws {
        try assertOnlyMismatch({ $0["thread_safe"] = false }, "thread_safe: plugin.json says false but the library says true")
    }

    func testProvidesMismatchesInEveryDirection() throws {
        let report = try validateCounter {
            $0["provides"] = [
                ["name": "counter.increment", "version": "1.1.0"],
                ["name": "counter.add", "version": "1.0.0", "signature": "i64(i64)"],
                ["name": "counter.reset", "version": "1.0.0"],
            ]
        }
        XCTAssertEqual(Set(report.errors.map(stripManifest)), [
            "provides: counter.increment is version 1.1.0 in plugin.json but 1.0.0 in the library",
            "provides: counter.add is native i64(i64) in plugin.json but native i64(i64,i64) in the library",
            "provides: plugin.json lists counter.reset 1.0.0, which the library does not provide",
            "provides: the library provides counter.get 1.0.0 (a message capability), which plugin.json does not list",
        ])
    }

    func testMessageVersusNativeCapabilityMismatch() throws {
        let report = try validateCounter {
            $0["provides"] = [["name": "counter.increment", "version": "1.0.0"], ["name": "counter.get", "version": "1.0.0"],
                              ["name": "counter.add", "version": "1.0.0"]]
        }
        XCTAssertEqual(report.errors.map(stripManifest),
                       ["provides: counter.add is a message capability in plugin.json but native i64(i64,i64) in the library"])
    }

    func testRequiresMismatchesInEveryDirection() throws {
        let consumer = try consumerReport {
            $0["requires"] = [["name": "fx.echo", "range": "^2.0", "optional": true], ["name": "fx.parse"]]
        }
        XCTAssertEqual(Set(consumer.errors.map(stripManifest)), [
            "requires: fx.echo has range ^2.0 in plugin.json but ^1.0 in the library",
            "requires: fx.echo is optional in plugin.json but not optional in the library",
            "requires: plugin.json lists fx.parse, which the library does not require (calls to it would be refused)",
        ])
        let missing = try consumerReport { $0["requires"] = [] }
        XCTAssertEqual(missing.errors.map(stripManifest), ["requires: the library requires fx.echo ^1.0, which plugin.json does not list"])
    }

    func testPermissionMismatches() throws {
        let report = try validateCounter { $0["permissions"] = ["publish": ["counter.#", "audit.#"], "subscribe": []] }
        XCTAssertEqual(Set(report.errors.map(stripManifest)), [
            "permissions.publish: plugin.json lists audit.#, which the library does not declare",
            "permissions.subscribe: the library subscribes to greeter.#, which plugin.json does not list",
        ])
    }

    func testConfigSchemaMismatches() throws {
        let changed = try validateCounter { manifest in
            manifest["config_schema"] = ["type": "object", "properties": ["start": ["type": "string"]]]
        }
        XCTAssertEqual(changed.errors.count, 1, "\(changed.errors)")
        XCTAssertTrue(changed.errors[0].hasSuffix("config_schema: plugin.json says {\"properties\":{\"start\":{\"type\":\"string\"}},\"type\":\"object\"} but the library says {\"additionalProperties\":false,\"properties\":{\"start\":{\"default\":0,\"type\":\"integer\"},\"step\":{\"default\":1,\"minimum\":1,\"type\":\"integer\"}},\"type\":\"object\"}"), changed.errors[0])
        try assertOnlyMismatch({ $0["config_schema"] = .null }, "config_schema: plugin.json has none but the library declares one")
    }

    func testConfigSchemaComparesParsedJSONNotText() throws {
        // Same schema, other key order, spacing and number spelling: no mismatch.
        let report = try validateCounter { manifest in
            manifest["config_schema"] = ["additionalProperties": false, "type": "object",
                                         "properties": ["step": ["minimum": 1.0, "default": 1, "type": "integer"],
                                                        "start": ["default": 0, "type": "integer"]]]
        }
        XCTAssertTrue(report.ok, "\(report.errors)")
    }

    func testInvalidManifestIsReportedWithoutTouchingTheLibrary() throws {
        let report = try validateCounter { $0["version"] = "one" }
        XCTAssertFalse(report.ok)
        XCTAssertNil(report.library)
        XCTAssertTrue(report.errors[0].contains("plugin.json:"), report.errors[0])
        XCTAssertTrue(report.errors[0].contains("version: 'one' is not a semantic version"), report.errors[0])
    }

    func testProbingInAChildProcessLoadsAGoodLibrary() throws {
        let prober = PluginProber(executable: try PackagingFixtures.aipExecutable())
        let folder = try TemporaryFolder()
        let report = PluginValidator.validate(manifestPath: try counterFolder(try counterManifest(), in: folder), prober: prober)
        XCTAssertTrue(report.ok, "\(report.errors)")
    }

    func testACrashingLibraryIsReportedNotFatalWhenProbed() throws {
        let prober = PluginProber(executable: try PackagingFixtures.aipExecutable())
        let folder = try TemporaryFolder()
        try folder.copy(try PackagingFixtures.hostFixture("crash_in_entry"), as: "libcrash_in_entry.so")
        var manifest = try counterManifest()
        manifest["name"] = "fx-crashy"
        manifest["library"] = "libcrash_in_entry.so"
        let path = try folder.write("plugin.json", JSONValue.object(manifest).serialized())
        let report = PluginValidator.validate(manifestPath: path, prober: prober)
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.errors.count, 1, "\(report.errors)")
        XCTAssertTrue(report.errors[0].hasPrefix("\(path): library: "), report.errors[0])
        XCTAssertTrue(report.errors[0].contains("SIGSEGV"), report.errors[0])
    }

    func testReportEncodesOkAndErrors() throws {
        let report = try validateCounter { $0["version"] = "1.0.1" }
        let json = try JSONParser.parse(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        XCTAssertEqual(json["ok"], false)
        XCTAssertEqual(json["errors"]?.arrayValue?.count, 1)
    }

    // MARK: - Helpers

    static let foreignMachine: UInt16 = {
        #if arch(x86_64)
        return 183
        #else
        return 62
        #endif
    }()
    static let foreignArchitecture = foreignMachine == 183 ? "aarch64" : "x86_64"

    private func validateCounter(_ edit: (inout [String: JSONValue]) -> Void) throws -> ValidationReport {
        var manifest = try counterManifest()
        edit(&manifest)
        let folder = try TemporaryFolder()
        return PluginValidator.validate(manifestPath: try counterFolder(manifest, in: folder), prober: nil)
    }

    private func consumerReport(_ edit: (inout [String: JSONValue]) -> Void) throws -> ValidationReport {
        let text = try String(contentsOf: PackagingFixtures.ownFixtures.appendingPathComponent("fx-consumer.plugin.json"), encoding: .utf8)
        guard var manifest = try JSONParser.parse(text).objectValue else { throw FixtureFailure("fixture is not an object") }
        edit(&manifest)
        let folder = try TemporaryFolder()
        try folder.copy(try PackagingFixtures.hostFixture("good_consumer"), as: "libgood_consumer.so")
        return PluginValidator.validate(manifestPath: try folder.write("plugin.json", JSONValue.object(manifest).serialized()), prober: nil)
    }

    private func assertOnlyMismatch(_ edit: (inout [String: JSONValue]) -> Void, _ expected: String,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let report = try validateCounter(edit)
        XCTAssertFalse(report.ok, file: file, line: line)
        XCTAssertEqual(report.errors.map(stripManifest), [expected], file: file, line: line)
        XCTAssertTrue(report.errors.allSatisfy { $0.hasPrefix(report.manifest + ": ") }, file: file, line: line)
    }

    private func stripManifest(_ error: String) -> String {
        guard let range = error.range(of: "/plugin.json: ") else { return error }
        return String(error[range.upperBound...])
    }
}
