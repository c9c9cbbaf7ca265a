import AIPBenchSupport
import AIPConfig
import AIPHost
import Foundation
import Logging

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Builds the C bench plugin with the system compiler, loads it and the Swift bench plugin.
final class BenchSetup {
    let host: PluginHost
    let workDirectory: String
    let binDirectory: URL
    let cBenchPath: String

    init() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        binDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]).deletingLastPathComponent()
        workDirectory = NSTemporaryDirectory() + "aip-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        cBenchPath = workDirectory + "/libc-bench.so"
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compile.arguments = ["cc", "-shared", "-fPIC", "-O2", "-I", repository.appendingPathComponent("PluginSDK/include").path,
                             repository.appendingPathComponent("Benchmarks/Plugins/c-bench/bench.c").path, "-o", cBenchPath, "-ljansson"]
        try compile.run()
        compile.waitUntilExit()
        guard compile.terminationStatus == 0 else { throw BenchError("cc failed to build the C bench plugin") }

        var logger = Logger(label: "aip-bench")
        logger.logLevel = .error
        host = PluginHost(config: try HostConfig.parse(text: "{}", source: "(bench)", environment: [:]),
                          dataRoot: workDirectory + "/data", logger: logger)
        for path in [cBenchPath, binDirectory.appendingPathComponent("libSwiftBenchPlugin.so").path] {
            if case .failure(let refusal) = host.load(path) { throw BenchError("\(refusal)") }
        }
        let refusals = host.startAll()
        guard refusals.isEmpty else { throw BenchError("\(refusals)") }
    }

    deinit { try? FileManager.default.removeItem(atPath: workDirectory) }
}
