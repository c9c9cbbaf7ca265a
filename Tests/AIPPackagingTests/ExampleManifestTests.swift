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

    /// What `make run` packs: each first-party plugin's plugin.json against the library SwiftPM
    /// built (a config key added to the library's schema but not to plugin.json once broke it).
    func testFirstPartyPluginManifestsMatchTheirSwiftPMBuilds() throws {
        let plugins = PackagingFixtures.repositoryRoot.appendingPathComponent("Plugins")
        let names = try FileManager.default.contentsOfDirectory(atPath: plugins.path).sorted()
        XCTAssertTrue(names.contains("gateway") && names.contains("guardrails"), "\(names)")
        for name in names {
            let manifest = plugins.appendingPathComponent(name).appendingPathComponent("plugin.json")
            guard FileManager.default.fileExists(atPath: manifest.path) else { continue }
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
            let library = try XCTUnwrap(json["library"] as? String, name)
            let built = PackagingFixtures.binDirectory.appendingPathComponent(library).path
            XCTAssertTrue(FileManager.default.fileExists(atPath: built), "\(built) is missing: build the package first")
            let folder = try TemporaryFolder()
            try folder.copy(manifest.path, as: "plugin.json")
            try folder.copy(built, as: library)
            try assertValidAndPackable(folder)
        }
    }

    private func assertValidAndPackable(_ folder: TemporaryFolder, file: StaticString = #filePath, line: UInt = #line) throws {
        let prober = PluginProber(executable: try PackagingFixtures.aipExecutable())
        let report = PluginValidator.validate(manifestPath: folder.file("plugin.json"), prober: prober)
        XCTAssertTrue(report.ok, report.errors.joined(separator: "\n"), file: file, line: line)
        let result = try PluginPacker.pack(directory: folder.path, output: nil, prober: prober)
        XCTAssertTrue(try AipkgArchive.read(path: result.path).keys.contains("plugin.json"), file: file, line: line)
    }
}
