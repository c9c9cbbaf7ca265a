import AIPConfig
import Crypto
import AIPMarketIndex
import AIPPackaging
@_exported import AIPTestSupport
import AIPToolchain
import AIPluginABI
import Foundation
import XCTest

/// Real plugins and archives for the marketplace tests: Fixtures/market_plugin.c compiled with cc
/// once per (name, version, requirement), packed into NAME-VERSION.aipkg with a matching manifest.
enum MarketFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let source = repositoryRoot.appendingPathComponent("Tests/AIPMarketTests/Fixtures/market_plugin.c").path
    static let includeDirectory = repositoryRoot.appendingPathComponent("PluginSDK/include").path

    private static let buildDirectory: String = {
        let path = NSTemporaryDirectory() + "aip-market-fixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]

    struct Requirement {
        let capability: String
        let range: String
    }

    /// The compiled library for one plugin version.
    static func library(name: String, version: String, requires: Requirement? = nil) throws -> String {
        let key = "\(name)-\(version)-\(requires.map { "\($0.capability)@\($0.range)" } ?? "")"
        lock.lock()
        defer { lock.unlock() }
        if let path = built[key] { return path }
        let path = "\(buildDirectory)/\(key.replacingOccurrences(of: "/", with: "_"))/lib\(name).so"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var arguments = ["cc", "-shared", "-fPIC", "-O1", "-fvisibility=hidden", "-Wall", "-Werror", "-I", includeDirectory,
                         "-DMP_NAME=\"\(name)\"", "-DMP_VERSION=\"\(version)\""]
        if let requires {
            arguments += ["-DMP_REQUIRES=\"\(requires.capability)\"", "-DMP_RANGE=\"\(requires.range)\""]
        }
        arguments += [source, "-o", path, "-ljansson"]
        let result = try runProcess("/usr/bin/env", arguments)
        guard result.status == 0 else { throw FixtureFailure("cc failed:\n\(result.output)\(result.errorOutput)") }
        built[key] = path
        return path
    }

    /// Writes DIRECTORY/NAME-VERSION.aipkg and returns its path.
    @discardableResult
    static func archive(name: String, version: String, requires: Requirement? = nil, in directory: String) throws -> String {
        let library = try library(name: name, version: version, requires: requires)
        let manifest = PluginManifest(
            name: name, version: version, description: "marketplace test plugin \(name)", license: "MIT",
            authors: ["AI Platform tests"], language: "c", abi: "\(AIP_ABI_MAJOR).\(AIP_ABI_MINOR)", swiftToolchain: nil,
            platform: HostPlatform.triple, library: "lib\(name).so", threadSafe: true, isolation: "either",
            provides: [.init(name: "\(name).version", version: "1.0.0")],
            requires: requires.map { [.init(name: $0.capability, range: $0.range)] } ?? [],
            permissions: .init(), configSchema: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let files: [String: [UInt8]] = [
            PluginManifest.fileName: Array(try encoder.encode(manifest)),
            "lib\(name).so": Array(try Data(contentsOf: URL(fileURLWithPath: library))),
            "README.md": Array("# \(name) \(version)\n".utf8),
        ]
        let path = "\(directory)/\(name)-\(version).aipkg"
        try Data(AipkgArchive.encode(files, library: "lib\(name).so")).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The `aip` executable SwiftPM built next to the test bundle.
    static func aip() throws -> String {
        let bin = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
            .deletingLastPathComponent()
        let path = bin.appendingPathComponent("aip").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw FixtureFailure("aip is missing from \(bin.path): build first") }
        return path
    }
}

/// A setup failure that must fail the test, not skip it.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A publisher folder served over loopback HTTP, a signing key, and an operator home that trusts
/// it: the whole chain the issue asks to be tested for real.
final class MarketWorld: @unchecked Sendable {
    let root: TemporaryDirectory
    let published: String
    let home: String
    let keyFile: String
    let publicKey: String
    private(set) var server: StaticHTTPServer?

    init() throws {
        root = try TemporaryDirectory()
        published = root.path + "/published"
        home = root.path + "/home"
        keyFile = root.path + "/signing.key"
        try FileManager.default.createDirectory(atPath: published, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let key = SigningKey()
        try Data(key.fileContents.utf8).write(to: URL(fileURLWithPath: keyFile))
        publicKey = key.publicKey.description
    }

    var indexURL: String { "\(server?.baseURL ?? "http://127.0.0.1:9")/index.json" }

    func serve() throws {
        server = try StaticHTTPServer(serving: published)
    }

    func stopServing() {
        server?.stop()
        server = nil
    }

    /// Runs `aip ARGS --home HOME` (global options go after the subcommand).
    @discardableResult
    func aip(_ arguments: [String], home: String? = nil, environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["AIP_HOME"] = home ?? self.home
        environment.removeValue(forKey: "AIP_CONFIG")
        environment.removeValue(forKey: "AIP_PLUGINS_DIR")
        for (key, value) in extra { environment[key] = value }
        return try runProcess(try MarketFixtures.aip(), arguments, environment: environment)
    }

    func publish(_ extra: [String] = []) throws {
        let result = try aip(["market", "publish", published, "--key", keyFile, "--name", "test"] + extra)
        guard result.status == 0 else { throw FixtureFailure("publish failed: \(result.errorOutput)") }
    }

    func addMarketplace(home: String? = nil) throws {
        let result = try aip(["market", "add", "test", indexURL, "--key", publicKey], home: home)
        guard result.status == 0 else { throw FixtureFailure("market add failed: \(result.errorOutput)") }
    }

    /// What the host really loads: `aip call NAME.version` answers the version of the active library.
    func loadedVersion(of name: String, home: String? = nil) throws -> String? {
        let result = try aip(["call", "\(name).version", "{}"], home: home)
        guard result.status == 0, let value = try? JSONParser.parse(result.output) else { return nil }
        return value["version"]?.stringValue
    }

    /// sha256 of every file under plugins/NAME/VERSION, for "restored exactly" checks.
    func fingerprint(_ name: String, _ version: String, home: String? = nil) throws -> [String: String] {
        let folder = "\(home ?? self.home)/plugins/\(name)/\(version)"
        var result: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)"))
            result[file] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        return result
    }
}

