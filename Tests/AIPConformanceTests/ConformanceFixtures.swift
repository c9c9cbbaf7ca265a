@_exported import AIPTestSupport
import Foundation
import Synchronization
import XCTest

/// The plugins the conformance tests run the suite against: the C fixtures of this directory and
/// of AIPHostTests, and the example plugins. C sources are compiled with the system compiler once
/// per test process into a private directory (never deleted while the process lives: a test may
/// still be running a plugin from it).
enum ConformanceFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let buildDirectory = NSTemporaryDirectory() + "aip-conformance-fixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
    private static let built = Mutex<[String: String]>([:])

    /// Fixtures/NAME.c of this test target.
    static func fixture(_ name: String) throws -> String {
        try compile("Tests/AIPConformanceTests/Fixtures/\(name).c", into: "lib\(name).so")
    }

    /// Fixtures/NAME.c of the host tests (good_provider, good_consumer, crash_in_entry, …).
    static func hostFixture(_ name: String) throws -> String {
        try compile("Tests/AIPHostTests/Fixtures/\(name).c", into: "lib\(name).so")
    }

    /// The well-behaved provider of the host tests.
    static func goodProvider() throws -> String {
        try hostFixture("good_provider")
    }

    /// The C example plugin (PluginSDK/Examples/c-counter), with the name its plugin.json expects.
    static func counter() throws -> String {
        try compile("PluginSDK/Examples/c-counter/counter.c", into: "libcounter.so")
    }

    static var counterManifest: String {
        repositoryRoot.appendingPathComponent("PluginSDK/Examples/c-counter/plugin.json").path
    }

    static var liarManifest: String {
        repositoryRoot.appendingPathComponent("Tests/AIPConformanceTests/Fixtures/manifest_liar.plugin.json").path
    }

    /// The Swift example plugin, built by SwiftPM next to the test bundle.
    static func greeter() throws -> String {
        try productInBinDirectory("libSwiftGreeterPlugin.so")
    }

    /// The `aip` executable SwiftPM built next to the test bundle.
    static func aip() throws -> String {
        try productInBinDirectory("aip")
    }

    /// A directory of its own holding `library` (under `libraryName`) and, optionally, a
    /// manifest as plugin.json: the layout `aip plugin test DIR` and `aip plugin pack` expect.
    static func pluginDirectory(library: String, libraryName: String, manifest: String?, in parent: TemporaryDirectory) throws -> String {
        let directory = parent.path + "/" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: library, toPath: directory + "/" + libraryName)
        if let manifest { try FileManager.default.copyItem(atPath: manifest, toPath: directory + "/plugin.json") }
        return directory
    }

    private static func productInBinDirectory(_ name: String) throws -> String {
        var bin = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        bin.deleteLastPathComponent() // the test binary is BIN/AIPlatformPackageTests.xctest
        let path = bin.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FixtureError("\(name) is missing from \(bin.path): build the package (with --build-tests) first")
        }
        return path
    }

    private static func compile(_ relativeSource: String, into output: String) throws -> String {
        try built.withLock { built in
            if let path = built[output] { return path }
            try FileManager.default.createDirectory(atPath: buildDirectory, withIntermediateDirectories: true)
            let path = buildDirectory + "/" + output
            let result = try runProcess("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                                                         "-I", repositoryRoot.appendingPathComponent("PluginSDK/include").path,
                                                         repositoryRoot.appendingPathComponent(relativeSource).path,
                                                         "-o", path, "-ljansson", "-lpthread"])
            guard result.status == 0 else { throw FixtureError("cc failed for \(relativeSource):\n\(result.errorOutput)") }
            built[output] = path
            return path
        }
    }
}

/// A fixture that cannot be built fails the test (it is not a reason to skip it).
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

