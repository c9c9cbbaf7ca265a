import AIPConfig
@_exported import AIPTestSupport
import Foundation
import XCTest

/// Builds the plugins the tests validate and pack with the system compiler, once per test
/// process, into a private temp directory (the approach of Tests/AIPHostTests/TestSupport.swift).
enum PackagingFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let includeDirectory = repositoryRoot.appendingPathComponent("PluginSDK/include").path
    static let counterExample = repositoryRoot.appendingPathComponent("PluginSDK/Examples/c-counter")
    static let greeterExample = repositoryRoot.appendingPathComponent("PluginSDK/Examples/swift-greeter")
    static let hostFixtures = repositoryRoot.appendingPathComponent("Tests/AIPHostTests/Fixtures")
    static let ownFixtures = repositoryRoot.appendingPathComponent("Tests/AIPPackagingTests/Fixtures")

    private static let buildDirectory: String = {
        let path = NSTemporaryDirectory() + "aip-packaging-fixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]

    /// The C example, PluginSDK/Examples/c-counter/counter.c, as libcounter.so.
    static func counterLibrary() throws -> String {
        try compile(counterExample.appendingPathComponent("counter.c").path, output: "libcounter.so")
    }

    /// A fixture plugin of AIPHostTests (Tests/AIPHostTests/Fixtures/NAME.c) as libNAME.so.
    static func hostFixture(_ name: String) throws -> String {
        try compile(hostFixtures.appendingPathComponent("\(name).c").path, output: "lib\(name).so")
    }

    /// The Swift example, built by SwiftPM next to the test bundle.
    static func greeterLibrary() throws -> String {
        let path = binDirectory.appendingPathComponent("libSwiftGreeterPlugin.so").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FixtureFailure("libSwiftGreeterPlugin.so is missing from \(binDirectory.path): build the package first")
        }
        return path
    }

    /// The `aip` executable SwiftPM built next to the test bundle (the child the prober runs).
    static func aipExecutable() throws -> String {
        let path = binDirectory.appendingPathComponent("aip").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw FixtureFailure("aip is missing from \(binDirectory.path): build the package first")
        }
        return path
    }

    static var binDirectory: URL {
        // The test binary is BIN/AIPlatformPackageTests.xctest (a file on Linux).
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
            .deletingLastPathComponent()
    }

    private static func compile(_ source: String, output: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = built[output] { return path }
        let path = buildDirectory + "/" + output
        let result = try runProcess("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-fvisibility=hidden", "-Wall", "-Werror",
                                                     "-I", includeDirectory, "-I", hostFixtures.path, source, "-o", path,
                                                     "-ljansson", "-lpthread"])
        guard result.status == 0 else { throw FixtureFailure("cc failed for \(source):\n\(result.output)\(result.errorOutput)") }
        built[output] = path
        return path
    }
}

/// A setup failure that must fail the test, not skip it.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory per test, removed afterwards.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "aip-packaging-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    @discardableResult
    func copy(_ source: String, as name: String) throws -> String {
        let target = file(name)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }
}

/// The example counter's manifest as a JSON object, for tests to change one field at a time.
func counterManifest() throws -> [String: JSONValue] {
    let text = try String(contentsOf: PackagingFixtures.counterExample.appendingPathComponent("plugin.json"), encoding: .utf8)
    guard let members = try JSONParser.parse(text).objectValue else { throw FixtureFailure("counter plugin.json is not an object") }
    return members
}

/// A folder holding plugin.json (from `manifest`) and a copy of the counter library.
func counterFolder(_ manifest: [String: JSONValue], in folder: TemporaryFolder) throws -> String {
    try folder.copy(try PackagingFixtures.counterLibrary(), as: "libcounter.so")
    return try folder.write("plugin.json", JSONValue.object(manifest).serialized(pretty: true))
}

