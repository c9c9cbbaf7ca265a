import AIPConfig
import Foundation
import XCTest

/// `aip plugin validate` and `aip plugin pack` as a user runs them: exit codes and output.
final class PluginAuthoringCLITests: XCTestCase {
    func testValidateExitsZeroForAGoodPluginAndOneForAMismatch() throws {
        let aip = try PackagingFixtures.aipExecutable()
        let good = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: good)
        let ok = try runProcess(aip, ["plugin", "validate", good.path])
        XCTAssertEqual(ok.status, 0, ok.output + ok.errorOutput)
        XCTAssertTrue(ok.output.hasPrefix("ok: counter 1.0.0"), ok.output)

        var lying = try counterManifest()
        lying["name"] = "counter2"
        let bad = try TemporaryFolder()
        let manifest = try counterFolder(lying, in: bad)
        let failed = try runProcess(aip, ["plugin", "validate", manifest, "--json"])
        XCTAssertEqual(failed.status, 1)
        let report = try JSONParser.parse(failed.output)
        XCTAssertEqual(report["ok"], false)
        XCTAssertEqual(report["errors"]?.arrayValue?.first?.stringValue?.contains("name: plugin.json says \"counter2\""), true, failed.output)
    }

    func testValidateWriteBringsAStaleManifestInLine() throws {
        let aip = try PackagingFixtures.aipExecutable()
        var stale = try counterManifest()
        stale["version"] = "0.1.0"
        stale["provides"] = []
        let folder = try TemporaryFolder()
        _ = try counterFolder(stale, in: folder)
        let result = try runProcess(aip, ["plugin", "validate", folder.path, "--write"])
        XCTAssertEqual(result.status, 0, result.output + result.errorOutput)
        let rewritten = try JSONParser.parse(String(decoding: try folder.read("plugin.json"), as: UTF8.self))
        XCTAssertEqual(rewritten["version"], "1.0.0")
        XCTAssertEqual(rewritten["provides"]?.arrayValue?.count, 3)
        XCTAssertEqual(rewritten["authors"], stale["authors"])
    }

    func testPackPrintsPathSizeAndSha256() throws {
        let aip = try PackagingFixtures.aipExecutable()
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        let output = folder.file("out.aipkg")
        let result = try runProcess(aip, ["plugin", "pack", folder.path, "-o", output, "--json"])
        XCTAssertEqual(result.status, 0, result.output + result.errorOutput)
        let json = try JSONParser.parse(result.output)
        XCTAssertEqual(json["path"], .string(output))
        XCTAssertEqual(json["size"]?.int64Value, Int64(try folder.read("out.aipkg").count))
        XCTAssertEqual(json["sha256"]?.stringValue, HandmadeTar.sha256Hex(try folder.read("out.aipkg")))

        let human = try runProcess(aip, ["plugin", "pack", folder.path])
        XCTAssertEqual(human.status, 0)
        XCTAssertTrue(human.output.contains("packed \(folder.file("counter-1.0.0.aipkg"))"), human.output)
        XCTAssertTrue(human.output.contains("sha256: \(json["sha256"]?.stringValue ?? "?")"), human.output)
        XCTAssertTrue(human.errorOutput.contains("warning:"), "missing README.md/LICENSE are warned about")
    }

    func testPackRefusesALyingManifestWithExitOne() throws {
        let aip = try PackagingFixtures.aipExecutable()
        var lying = try counterManifest()
        lying["thread_safe"] = false
        let folder = try TemporaryFolder()
        _ = try counterFolder(lying, in: folder)
        let result = try runProcess(aip, ["plugin", "pack", folder.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("thread_safe: plugin.json says false"), result.errorOutput)
    }
}
