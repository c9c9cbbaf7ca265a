import AIPPackaging
import Foundation
import XCTest

/// `AipkgArchive.read` and `extract`: a packed archive round-trips; anything tampered, truncated,
/// oversized or unsafe is refused with the archive's name.
final class AipkgArchiveTests: XCTestCase {
    func testReadReturnsEveryPackedFileByteForByte() throws {
        let (folder, result) = try packCounter()
        let files = try AipkgArchive.read(path: result.path)
        XCTAssertEqual(Set(files.keys), ["CHECKSUMS", "LICENSE", "README.md", "libcounter.so", "plugin.json"])
        for name in ["LICENSE", "README.md", "libcounter.so", "plugin.json"] {
            XCTAssertEqual(files[name], try folder.read(name), name)
        }
    }

    func testExtractRoundTripGivesAValidPlugin() throws {
        let (folder, result) = try packCounter()
        let target = folder.file("unpacked")
        let (manifest, library) = try AipkgArchive.extract(path: result.path, to: target)
        XCTAssertEqual(manifest, target + "/plugin.json")
        XCTAssertEqual(library, target + "/libcounter.so")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: library)), try Data(contentsOf: URL(fileURLWithPath: folder.file("libcounter.so"))))
        let mode = try FileManager.default.attributesOfItem(atPath: library)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o755)
        let manifestMode = try FileManager.default.attributesOfItem(atPath: manifest)[.posixPermissions] as? Int
        XCTAssertEqual(manifestMode, 0o644)
        XCTAssertTrue(PluginValidator.validate(manifestPath: manifest, prober: nil).ok)
    }

    func testExtractNeverOverwrites() throws {
        let (folder, result) = try packCounter()
        let target = folder.file("unpacked")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "keep me".write(toFile: target + "/README.md", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try AipkgArchive.extract(path: result.path, to: target)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(result.path): cannot extract"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: target + "/README.md", encoding: .utf8), "keep me")
    }

    func testTamperedLibraryIsRefusedNamingArchiveAndEntry() throws {
        let (folder, result) = try packCounter()
        var bytes = try folder.read(URL(fileURLWithPath: result.path).lastPathComponent)
        // Flip one byte inside the library's data (it starts one header block after its own header).
        let library = try folder.read("libcounter.so")
        guard let start = bytes.firstRange(of: library.prefix(64))?.lowerBound else { return XCTFail("library not found in archive") }
        bytes[start + library.count / 2] ^= 0xFF
        let tampered = try folder.write("tampered.aipkg", bytes)
        XCTAssertThrowsError(try AipkgArchive.read(path: tampered)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("\(tampered): libcounter.so does not match its checksum"), text)
        }
    }

    func testPathTraversalEntryIsRefused() throws {
        try assertRefused([.init(name: "../evil.sh", contents: Array("boom".utf8))], because: "entry ../evil.sh climbs out of the archive with '..'")
    }

    func testAbsolutePathEntryIsRefused() throws {
        try assertRefused([.init(name: "/etc/evil", contents: [1])], because: "entry /etc/evil has an absolute path")
    }

    func testSubdirectoryEntryIsRefused() throws {
        try assertRefused([.init(name: "lib/libx.so", contents: [1])], because: "entry lib/libx.so is not a plain file name")
    }

    func testLinksDevicesAndDirectoriesAreRefused() throws {
        try assertRefused([.init(name: "libcounter.so", type: "2", linkName: "/etc/passwd")], because: "entry libcounter.so is a symbolic link")
        try assertRefused([.init(name: "libcounter.so", type: "1", linkName: "plugin.json")], because: "entry libcounter.so is a hard link")
        try assertRefused([.init(name: "tty", type: "3")], because: "entry tty is a character device")
        try assertRefused([.init(name: "disk", type: "4")], because: "entry disk is a block device")
        try assertRefused([.init(name: "docs", type: "5")], because: "entry docs is a directory")
        try assertRefused([.init(name: "pipe", type: "6")], because: "entry pipe is a FIFO")
        try assertRefused([.init(name: "PaxHeader", type: "x", contents: Array("30 path=../../etc/passwd\n".utf8))], because: "entry PaxHeader is a pax extended header")
    }

    func testMissingChecksumsIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("x.aipkg", HandmadeTar.archive([.init(name: "plugin.json", contents: Array("{}".utf8))]))
        XCTAssertThrowsError(try AipkgArchive.read(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): has no CHECKSUMS entry, so its contents cannot be verified")
        }
    }

    func testEntryNotListedInChecksumsIsRefused() throws {
        let manifest = ("plugin.json", Array("{}".utf8))
        let folder = try TemporaryFolder()
        let path = try folder.write("x.aipkg", HandmadeTar.archive([
            HandmadeTar.checksums(for: [manifest]), .init(name: manifest.0, contents: manifest.1),
            .init(name: "extra.so", contents: [1, 2, 3]),
        ]))
        XCTAssertThrowsError(try AipkgArchive.read(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): contains extra.so, which CHECKSUMS does not list")
        }
    }

    func testTruncatedArchiveIsRefused() throws {
        let (folder, result) = try packCounter()
        let bytes = try folder.read(URL(fileURLWithPath: result.path).lastPathComponent)
        let truncated = try folder.write("truncated.aipkg", Array(bytes.prefix(bytes.count - 1024 - 512)))
        XCTAssertThrowsError(try AipkgArchive.read(path: truncated)) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
    }

    func testNonTarFileIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("x.aipkg", [UInt8](repeating: 0x41, count: 2048))
        XCTAssertThrowsError(try AipkgArchive.read(path: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): the header at byte 0 has a wrong checksum"), "\(error)")
        }
    }

    func testOversizedArchiveIsRefusedUnread() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("huge.aipkg")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        // Sparse: no disk space is used, only the size the reader sees.
        XCTAssertEqual(truncate(path, off_t(AipkgArchive.maximumSize + 1)), 0)
        XCTAssertThrowsError(try AipkgArchive.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains("more than the 512 MiB an archive may have"), "\(error)")
        }
    }

    func testArchiveWrittenByGNUTarIsAccepted() throws {
        let folder = try TemporaryFolder()
        let manifest = Array("{\"manifest_version\": 1}".utf8)
        try folder.write("plugin.json", manifest)
        try folder.write("CHECKSUMS", HandmadeTar.checksums(for: [("plugin.json", manifest)]).contents)
        let made = try runProcess("/usr/bin/env", ["tar", "--format=ustar", "-cf", "gnu.aipkg", "CHECKSUMS", "plugin.json"], currentDirectory: folder.path)
        XCTAssertEqual(made.status, 0, made.errorOutput)
        let files = try AipkgArchive.read(path: folder.file("gnu.aipkg"))
        XCTAssertEqual(files["plugin.json"], manifest)
    }

    func testOurArchiveIsAPlainTarForStandardTools() throws {
        let (folder, result) = try packCounter()
        let listing = try runProcess("/usr/bin/env", ["tar", "--numeric-owner", "-tvf", result.path])
        XCTAssertEqual(listing.status, 0, listing.errorOutput)
        let lines = listing.output.split(separator: "\n")
        XCTAssertEqual(lines.map { String($0.split(separator: " ").last ?? "") }, ["CHECKSUMS", "LICENSE", "README.md", "libcounter.so", "plugin.json"])
        XCTAssertTrue(lines.allSatisfy { $0.contains(" 0/0 ") && $0.contains("1970-01-01 00:00") }, listing.output)
        XCTAssertTrue(lines[3].hasPrefix("-rwxr-xr-x"), String(lines[3]))
        let unpacked = folder.file("by-tar")
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        XCTAssertEqual(try runProcess("/usr/bin/env", ["tar", "-xf", result.path, "-C", unpacked]).status, 0)
        let check = try runProcess("/usr/bin/env", ["sha256sum", "-c", "CHECKSUMS"], currentDirectory: unpacked)
        XCTAssertEqual(check.status, 0, check.output + check.errorOutput)
    }

    // MARK: - Helpers

    /// The counter example packed with a README and a LICENSE.
    private func packCounter() throws -> (TemporaryFolder, PackResult) {
        let folder = try TemporaryFolder()
        _ = try counterFolder(try counterManifest(), in: folder)
        try folder.write("README.md", "# counter\n")
        try folder.write("LICENSE", "Apache License 2.0\n")
        return (folder, try PluginPacker.pack(directory: folder.path, output: nil, prober: nil))
    }

    private func assertRefused(_ hostile: [HandmadeTar.Entry], because reason: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let manifest = ("plugin.json", Array("{}".utf8))
        let entries = [HandmadeTar.checksums(for: [manifest] + hostile.map { ($0.name, $0.contents) }),
                       HandmadeTar.Entry(name: manifest.0, contents: manifest.1)] + hostile
        let folder = try TemporaryFolder()
        let path = try folder.write("hostile.aipkg", HandmadeTar.archive(entries))
        XCTAssertThrowsError(try AipkgArchive.read(path: path), file: file, line: line) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): \(reason)"), "\(error)", file: file, line: line)
        }
        let target = folder.file("out")
        XCTAssertThrowsError(try AipkgArchive.extract(path: path, to: target), file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "nothing may be written", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/evil.sh"), file: file, line: line)
    }
}
