import AIPHost
import AIPPackaging
import Foundation
import XCTest

/// The example plugins' plugin.json files must describe the libraries their sources build today.
final class ExampleManifestTests: XCTestCase {
    func testCounterExampleManifestMatchesAFreshBuild() throws {
        let folder = try TemporaryFolder()
        try folder.copy(PackagingFixtures.counterExample.appendingPathComponent("plugin.json").path, as: "plugin.json")
        try folder.copy(try PackagingFixtures.counterLibrary(), as: "libcounter.so")
        try assertValidAndPackable(folder)
    }

    func testGreeterExampleManifestMatchesItsSwiftPMBuild() throws {
        let folder = try TemporaryFolder()
        try folder.copy(PackagingFixtures.greeterExample.appendingPathComponent("plugin.json").path, as: "plugin.json")
        try folder.copy(try PackagingFixtures.greeterLibrary(), as: "libSwiftGreeterPlugin.so")
        try assertValidAndPackable(folder)
    }

    private func assertValidAndPackable(_ folder: TemporaryFolder, file: StaticString = #filePath, line: UInt = #line) throws {
        let prober = PluginProber(executable: try PackagingFixtures.aipExecutable())
        let report = PluginValidator.validate(manifestPath: folder.file("plugin.json"), prober: prober)
        XCTAssertTrue(report.ok, report.errors.joined(separator: "\n"), file: file, line: line)
        let result = try PluginPacker.pack(directory: folder.path, output: nil, prober: prober)
        XCTAssertTrue(try AipkgArchive.read(path: result.path).keys.contains("plugin.json"), file: file, line: line)
    }
}
