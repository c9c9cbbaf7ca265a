import AIPConfig
import Foundation
import XCTest

/// `aip plugin new`: a C project that builds, passes its own test, the conformance suite and packs
/// without edits; a Swift project with every placeholder filled. (.ci/scaffold-check also builds
/// and tests the Swift project, which takes a minute.)
final class ScaffoldTests: XCTestCase {
    private func aip(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(try Fixtures.aipExecutable(), arguments)
    }

    private func make(_ target: String?, in directory: String) throws -> ProcessResult {
        try runProcess("/usr/bin/env", ["make", "-s", "-C", directory] + (target.map { [$0] } ?? []))
    }

    func testCProjectBuildsTestsPassesConformanceAndPacks() throws {
        let work = try TemporaryDirectory()
        let project = work.path + "/hello-c"
        let created = try aip(["plugin", "new", "hello-c", "--lang", "c", "--dir", project, "--sdk", Fixtures.repositoryRoot.path])
        XCTAssertEqual(created.status, 0, created.errorOutput)
        for step in [nil, "test", "conformance", "pack"] {
            let result = try make(step, in: project)
            XCTAssertEqual(result.status, 0, "make \(step ?? "all"): \(result.output)\n\(result.errorOutput)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/hello-c-0.1.0.aipkg"))
        let validated = try aip(["plugin", "validate", project])
        XCTAssertEqual(validated.status, 0, validated.output + validated.errorOutput)
    }

    func testSwiftProjectHasEveryPlaceholderFilled() throws {
        let work = try TemporaryDirectory()
        let project = work.path + "/hello-swift"
        let created = try aip(["plugin", "new", "hello-swift", "--lang", "swift", "--dir", project, "--sdk", Fixtures.repositoryRoot.path])
        XCTAssertEqual(created.status, 0, created.errorOutput)
        let files = ["Package.swift", "Sources/HelloSwiftPlugin/HelloSwiftPlugin.swift",
                     "Tests/HelloSwiftPluginTests/HelloSwiftPluginTests.swift", "Makefile", "plugin.json", "README.md", "LICENSE"]
        for file in files {
            let text = try String(contentsOfFile: project + "/" + file, encoding: .utf8)
            XCTAssertFalse(text.contains("{{"), "\(file) still has a placeholder")
        }
        let manifest = try JSONParser.parse(try String(contentsOfFile: project + "/plugin.json", encoding: .utf8))
        XCTAssertEqual(manifest["language"], .string("swift"))
        XCTAssertEqual(manifest["library"], .string("libhello-swift.so"))
        let package = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        XCTAssertTrue(package.contains(".package(path: \"\(Fixtures.repositoryRoot.standardizedFileURL.path)\")"), package)
    }

    func testBadNamesAndOccupiedDirectoriesAreRefused() throws {
        let work = try TemporaryDirectory()
        let slash = try aip(["plugin", "new", "evil/name", "--lang", "c", "--dir", work.path + "/x"])
        XCTAssertEqual(slash.status, 64)
        XCTAssertTrue(slash.errorOutput.contains("contains a path separator"), slash.errorOutput)
        let upper = try aip(["plugin", "new", "Bad", "--lang", "c", "--dir", work.path + "/y"])
        XCTAssertEqual(upper.status, 64)
        let language = try aip(["plugin", "new", "ok", "--lang", "rust", "--dir", work.path + "/z"])
        XCTAssertEqual(language.status, 64)
        XCTAssertTrue(language.errorOutput.contains("--lang must be swift or c"), language.errorOutput)
        XCTAssertTrue(FileManager.default.createFile(atPath: work.path + "/taken", contents: nil))
        let occupied = try aip(["plugin", "new", "ok", "--lang", "c", "--dir", work.path])
        XCTAssertEqual(occupied.status, 1)
        XCTAssertTrue(occupied.errorOutput.contains("already exists and is not empty"), occupied.errorOutput)
    }
}
