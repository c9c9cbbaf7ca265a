import PluginTestKit
import XCTest

/// Loading, refusals, locating SwiftPM-built plugins, and cleaning up.
final class LifecycleTests: XCTestCase {
    func testLoadReportsWhatWasLoaded() throws {
        let host = try PluginTestHost()
        let path = try TestPlugins.probe()
        let probe = try host.load(path)
        XCTAssertEqual(probe.name, "kit-probe")
        XCTAssertEqual(probe.version, "1.2.3")
        XCTAssertEqual(probe.path, URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    func testAFileThatIsNotAPluginIsRefusedAtTheFileStage() throws {
        let host = try PluginTestHost()
        let notAPlugin = host.directory + "/notes.txt"
        try "not an ELF file".write(toFile: notAPlugin, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try host.load(notAPlugin)) { error in
            guard case .refused(_, let stage, _) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertEqual(stage, "file")
        }
    }

    func testStopRemovesTheTemporaryDirectoryAndEndsTheHost() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.probe())
        XCTAssertTrue(FileManager.default.fileExists(atPath: host.dataDirectory + "/kit-probe"))
        try host.stop()
        XCTAssertFalse(FileManager.default.fileExists(atPath: host.directory))
        try host.stop()   // idempotent
        XCTAssertThrowsError(try host.load(TestPlugins.probe())) { error in
            XCTAssertEqual(error as? PluginTestError, .stopped)
        }
        XCTAssertEqual(try host.callRaw("probe.fail").status, .unavailable, "a stopped plugin answers unavailable")
    }

    func testReleasingTheHostCleansUpToo() throws {
        var directory = ""
        do {
            let host = try PluginTestHost()
            try host.load(TestPlugins.probe())
            directory = host.directory
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory))
    }

    func testBuiltPluginFindsADynamicLibraryProductOfThisPackage() throws {
        let greeter = try BuiltPlugin.path(ofProduct: "SwiftGreeterPlugin")
        let host = try PluginTestHost()
        XCTAssertEqual(try host.load(greeter).name, "greeter")
        XCTAssertThrowsError(try BuiltPlugin.path(ofProduct: "NoSuchPlugin")) { error in
            XCTAssertTrue("\(error)".contains("libNoSuchPlugin.so"), "\(error)")
            XCTAssertTrue("\(error)".contains("type: .dynamic"), "\(error)")
        }
    }
}
