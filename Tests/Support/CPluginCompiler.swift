import Foundation

/// Builds C fixture plugins with the system compiler (`cc -shared -fPIC`), as a plugin author
/// would, against the SDK's header. Results are cached per source and flags within a test process.
public enum CPluginCompiler {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]
    private static let buildDirectory: String = {
        let path = NSTemporaryDirectory() + "aip-cfixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// `source` is relative to the repository root; `defines` become `-D` flags.
    public static func compile(_ source: String, output: String, defines: [String] = []) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = ([source, output] + defines).joined(separator: "|")
        if let path = built[key] { return path }
        let path = buildDirectory + "/" + output
        let result = try runProcess("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-D_GNU_SOURCE"]
                                    + defines.map { "-D" + $0 }
                                    + ["-I", repositoryRoot.appendingPathComponent("PluginSDK/include").path,
                                       repositoryRoot.appendingPathComponent(source).path, "-o", path])
        guard result.status == 0 else {
            throw CompileError(description: "cc failed for \(source):\n\(result.output)\(result.errorOutput)")
        }
        built[key] = path
        return path
    }

    public struct CompileError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The directory of the running test executable, where SwiftPM puts the package's products.
    public static var binDirectory: URL {
        var url = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        url.deleteLastPathComponent()
        return url
    }
}
