import AIPConfig
import AIPPackaging
import Foundation
import XCTest

/// `PluginPacker.pack`: archives are reproducible byte for byte, and a manifest that disagrees
/// with its library is never packed.
final class PluginPackerTests: XCTestCase {
    func testPackingTwiceGivesIdenticalBytes() throws {
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        try folder.write("README.md", "# counter\n")
        let first = try PluginPacker.pack(directory: folder.path, output: folder.file("first.aipkg"), prober: nil)
        // Nothing about the moment or the copy may leak in: new time stamps, a new folder.
        let later = Date(timeIntervalSinceNow: 3600)
        for name in ["plugin.json", "libcounter.so", "README.md"] {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: folder.file(name))
        }
        let second = try PluginPacker.pack(directory: folder.path, output: folder.file("second.aipkg"), prober: nil)
        let elsewhere = try TemporaryFolder()
        for name in ["plugin.json", "libcounter.so", "README.md"] { try elsewhere.copy(folder.file(name), as: name) }
        let third = try PluginPacker.pack(directory: elsewhere.path, output: nil, prober: nil)

        XCTAssertEqual(first.sha256, second.sha256)
        XCTAssertEqual(first.sha256, third.sha256)
        XCTAssertEqual(try folder.read("first.aipkg"), try folder.read("second.aipkg"))
        XCTAssertEqual(first.sha256, HandmadeTar.sha256Hex(try folder.read("first.aipkg")), "the reported sha256 is the file's")
        XCTAssertEqual(first.size, try folder.read("first.aipkg").count)
    }

    func testDefaultNameAndContents() throws {
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        try folder.write("LICENSE", "Apache License 2.0\n")
        let result = try PluginPacker.pack(directory: folder.path, output: nil, prober: nil)
        XCTAssertEqual(result.path, folder.file("counter-1.0.0.aipkg"))
        XCTAssertEqual(result.files, ["CHECKSUMS", "LICENSE", "libcounter.so", "plugin.json"])
        XCTAssertEqual(result.warnings.count, 1)
        XCTAssertTrue(result.warnings[0].contains("no README.md"), result.warnings[0])
        let checksums = String(decoding: try AipkgArchive.read(path: result.path)["CHECKSUMS"] ?? [], as: UTF8.self)
        XCTAssertEqual(checksums, ["LICENSE", "libcounter.so", "plugin.json"].map { "\(HandmadeTar.sha256Hex(try! folder.read($0)))  \($0)\n" }.joined())
    }

    func testMissingReadmeAndLicenseAreWarningsNotErrors() throws {
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        let result = try PluginPacker.pack(directory: folder.path, output: nil, prober: nil)
        XCTAssertEqual(result.files, ["CHECKSUMS", "libcounter.so", "plugin.json"])
        XCTAssertEqual(result.warnings.count, 2, "\(result.warnings)")
    }

    func testOutputMayBeAFolder() throws {
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        let target = try TemporaryFolder()
        let result = try PluginPacker.pack(directory: folder.path, output: target.path, prober: nil)
        XCTAssertEqual(result.path, target.file("counter-1.0.0.aipkg"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: result.path))
    }

    func testALyingManifestIsNotPacked() throws {
        var manifest = try counterManifest()
        manifest["version"] = "2.0.0"
        manifest["thread_safe"] = false
        let folder = try TemporaryFolder()
        _ = try counterFolder(manifest, in: folder)
        XCTAssertThrowsError(try PluginPacker.pack(directory: folder.path, output: nil, prober: nil)) { error in
            guard let refusal = error as? PackError else { return XCTFail("\(error)") }
            XCTAssertEqual(refusal.problems.count, 2, "every mismatch is listed: \(refusal.problems)")
            XCTAssertTrue(refusal.problems.contains { $0.hasSuffix("version: plugin.json says 2.0.0 but the library says 1.0.0") })
            XCTAssertTrue(refusal.problems.contains { $0.hasSuffix("thread_safe: plugin.json says false but the library says true") })
            XCTAssertTrue(refusal.description.hasPrefix("refusing to pack \(folder.path):"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".aipkg") }
        XCTAssertEqual(leftovers, [])
    }

    func testAFolderWithoutManifestIsNotPacked() throws {
        let folder = try TemporaryFolder()
        XCTAssertThrowsError(try PluginPacker.pack(directory: folder.path, output: nil, prober: nil)) { error in
            XCTAssertTrue("\(error)".contains("plugin.json: (top level): cannot read the file"), "\(error)")
        }
    }
}
