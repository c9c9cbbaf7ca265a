import Foundation
import Synchronization

/// Builds C fixture plugins with the system compiler, once per source per test process, into a
/// private temporary directory (kept until the process ends: the host never unloads an image).
enum CPluginCompiler {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let outputDirectory = NSTemporaryDirectory() + "aip-testkit-fixtures-\(getpid())-\(UUID().uuidString.prefix(8))"
    private static let built = Mutex<[String: String]>([:])

    /// A C file of this repository, e.g. `Tests/AIPHostTests/Fixtures/good_consumer.c`.
    static func plugin(atRepositoryPath relativePath: String) throws -> String {
        let source = repositoryRoot.appendingPathComponent(relativePath).path
        let name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        return try compile(key: source, name: name) { source }
    }

    /// A plugin whose C source is kept as a Swift string (so the test target needs no excluded
    /// fixture directory).
    static func plugin(named name: String, source text: String) throws -> String {
        try compile(key: "inline:\(name)", name: name) {
            let path = outputDirectory + "/\(name).c"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    private static func compile(key: String, name: String, source: () throws -> String) throws -> String {
        try built.withLock { built in
            if let path = built[key] { return path }
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            let output = outputDirectory + "/lib\(name).so"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["cc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                                 "-I", repositoryRoot.appendingPathComponent("PluginSDK/include").path,
                                 try source(), "-o", output, "-ljansson", "-lpthread"]
            let diagnostics = Pipe()
            process.standardError = diagnostics
            process.standardOutput = diagnostics
            try process.run()
            let text = String(decoding: diagnostics.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CompileFailure(description: "cc failed for \(name) (status \(process.terminationStatus)):\n\(text)")
            }
            built[key] = output
            return output
        }
    }
}

struct CompileFailure: Error, CustomStringConvertible {
    let description: String
}
