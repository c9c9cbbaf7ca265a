import AIPConfig
import AIPHost
@_exported import AIPTestSupport
import Foundation
import Logging
import XCTest

/// Builds the C fixture plugins (Tests/AIPHostTests/Fixtures/*.c) and the C example with the
/// system compiler, once per test process, into a private temp directory.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let includeDirectory = repositoryRoot.appendingPathComponent("PluginSDK/include").path
    static let buildDirectory: String = {
        let path = NSTemporaryDirectory() + "aip-fixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]

    /// The .so built from Fixtures/NAME.c.
    static func plugin(_ name: String) throws -> String {
        try compile(source: repositoryRoot.appendingPathComponent("Tests/AIPHostTests/Fixtures/\(name).c").path, output: "lib\(name).so")
    }

    /// The C example plugin (PluginSDK/Examples/c-counter).
    static func counterPlugin() throws -> String {
        try compile(source: repositoryRoot.appendingPathComponent("PluginSDK/Examples/c-counter/counter.c").path, output: "libcounter.so")
    }

    /// The Swift example plugin, built by SwiftPM next to the test bundle.
    static func greeterPlugin() throws -> String {
        let path = binDirectory.appendingPathComponent("libSwiftGreeterPlugin.so").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FixtureSetupError("libSwiftGreeterPlugin.so is missing from \(binDirectory.path): build the package first")
        }
        return path
    }

    /// The `aip` executable SwiftPM built next to the test bundle.
    static func aipExecutable() throws -> String {
        let path = binDirectory.appendingPathComponent("aip").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw FixtureSetupError("aip is missing from \(binDirectory.path): build the package first")
        }
        return path
    }

    static var binDirectory: URL {
        var url = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        // The test binary is BIN/AIPlatformPackageTests.xctest (a file on Linux).
        url.deleteLastPathComponent()
        return url
    }

    private static func compile(source: String, output: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = built[output] { return path }
        let path = buildDirectory + "/" + output
        let result = try runProcess("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                                              "-I", includeDirectory, source, "-o", path, "-ljansson", "-lpthread"])
        guard result.status == 0 else {
            throw FixtureSetupError("cc failed for \(source):\n\(result.output)")
        }
        built[output] = path
        return path
    }

    /// A private copy of a plugin at a new path (a "new version" or a file to tamper with).
    static func copy(_ path: String, to name: String, in directory: String) throws -> String {
        let target = directory + "/" + name
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return target
    }
}

/// A compile or setup failure that must fail the test (not skip it).
struct FixtureSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension XCTestCase {
    /// A host over a private data directory, with an optional config text.
    func makeHost(config: String? = nil, environment: [String: String] = [:], directory: TemporaryDirectory) throws -> PluginHost {
        let hostConfig = try config.map { try HostConfig.parse(text: $0, source: directory.path + "/config.json", environment: environment) } ?? HostConfig.parse(text: "{}", source: "(none)", environment: [:])
        var logger = Logger(label: "aip-test")
        logger.logLevel = .critical
        return PluginHost(config: hostConfig, dataRoot: directory.path + "/data", logger: logger)
    }

    /// Calls with a JSON text and returns the result.
    func call(_ host: PluginHost, _ capability: String, _ json: String = "{}") -> CallResult {
        host.call(capability, body: Array(json.utf8))
    }

    /// Parses a reply as a JSON object.
    func object(_ result: CallResult, file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        XCTAssertTrue(result.ok, "call failed: \(result.statusName) \(result.text)", file: file, line: line)
        return try JSONParser.parse(result.text)
    }
}
