import Foundation

/// The C example plugin (PluginSDK/Examples/c-counter/counter.c), built once per test process with
/// the system compiler, as its Makefile would.
enum CounterExample {
    static func library() throws -> String {
        try built.get()
    }

    private static let built: Result<String, CounterBuildFailure> = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = NSTemporaryDirectory() + "aip-example-counter-\(getpid())-\(UUID().uuidString.prefix(8))"
        let output = directory + "/libcounter.so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                             "-I", root.appendingPathComponent("PluginSDK/include").path,
                             root.appendingPathComponent("PluginSDK/Examples/c-counter/counter.c").path,
                             "-o", output, "-ljansson", "-lpthread"]
        let diagnostics = Pipe()
        process.standardOutput = diagnostics
        process.standardError = diagnostics
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try process.run()
        } catch {
            return .failure(CounterBuildFailure(description: "cannot run cc: \(error)"))
        }
        let text = String(decoding: diagnostics.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(CounterBuildFailure(description: "cc failed for counter.c:\n\(text)"))
        }
        return .success(output)
    }()
}

struct CounterBuildFailure: Error, CustomStringConvertible {
    let description: String
}
