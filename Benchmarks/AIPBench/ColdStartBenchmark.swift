import AIPBenchSupport
import Foundation

/// Wall time of `aip plugins list` with 10 plugins installed and the registry cache warm:
/// process start, config, discovery, cache check (stat per file) and output.
enum ColdStartBenchmark {
    static func run(setup: BenchSetup) throws -> Row {
        let home = setup.workDirectory + "/home"
        for index in 0..<10 {
            let directory = home + "/plugins/p\(index)/1.0.0"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: setup.cBenchPath, toPath: directory + "/libp\(index).so")
        }
        let aip = setup.binDirectory.appendingPathComponent("aip").path
        guard FileManager.default.isExecutableFile(atPath: aip) else { throw BenchError("\(aip) is missing: build it first") }
        let command = [aip, "plugins", "list", "--home", home]
        // First run probes the 10 files in a child process and writes the cache.
        guard try spawn(command) == 0 else { throw BenchError("aip plugins list failed") }
        var samples: [Double] = []
        for _ in 0..<21 {
            let start = nanoseconds()
            guard try spawn(command) == 0 else { throw BenchError("aip plugins list failed") }
            samples.append(Double(nanoseconds() - start) / 1e6)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        return Row(name: "cold start `aip plugins list`, 10 plugins", value: median, unit: "ms", target: "≤ 50 ms", met: median <= 50)
    }

    /// posix_spawn + waitpid, output discarded: no Foundation Process overhead in the figure.
    private static func spawn(_ command: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("posix_spawn failed: \(String(cString: strerror(status)))") }
        var exit: Int32 = 0
        waitpid(pid, &exit, 0)
        return (exit >> 8) & 0xFF
    }
}
