import AIPHost
import ArgumentParser
import Foundation

/// `aip daemon start|stop|status|logs`: runs `aipd` in the background and looks after it through
/// its pid file, state file and log under the home.
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Start, stop and inspect the background daemon (aipd).",
        discussion: """
        Files under the home: run/aipd.pid, run/aipd.json (pid and URLs once ready), log/aipd.log \
        (stdout and JSON log lines). Exit codes of status: 0 running, 3 not running.
        """,
        subcommands: [Start.self, Stop.self, Status.self, Logs.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start aipd in the background and wait until it is ready.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The aipd executable (default: next to aip).") var aipd: String?
        @Option(help: "Seconds to wait for readiness.") var timeout: Double = 30

        func run() throws {
            let files = DaemonFiles(home: PluginPaths.home(flag: global.home, environment: global.environment))
            if let pid = DaemonFiles.readPID(files.pidFile), DaemonFiles.isDaemon(pid) {
                Output.error("aipd is already running (pid \(pid))")
                throw ExitCode(1)
            }
            let executable = aipd ?? URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent()
                .appendingPathComponent("aipd").path
            var arguments = ["--home", files.home]
            if let config = global.config { arguments += ["--config", config] }
            for directory in global.pluginsDirs { arguments += ["--plugins-dir", directory] }
            if let level = global.logLevel { arguments += ["--log-level", level] }
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: files.logFile).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            let logStart = (try? FileManager.default.attributesOfItem(atPath: files.logFile)[.size] as? Int) ?? 0
            let pid = try Detached.spawn(executable, arguments, output: files.logFile)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    Output.error("aipd exited during start-up (status \(status >> 8 & 0xff)); its log:\n\(Self.tail(files.logFile, from: logStart))")
                    throw ExitCode(1)
                }
                if let state = DaemonState.read(files.stateFile), state.pid == pid {
                    if global.json { return Output.json(state) }
                    Output.line("aipd running (pid \(pid)): \(state.urls.joined(separator: ", "))")
                    for line in Self.tail(files.logFile, from: logStart).split(separator: "\n") where line.hasPrefix("admin token") {
                        Output.line(String(line))
                    }
                    Output.line("logs: \(files.logFile)")
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Output.error("aipd (pid \(pid)) is not ready after \(timeout) s; see \(files.logFile)")
            throw ExitCode(1)
        }

        static func tail(_ file: String, from offset: Int) -> String {
            guard let data = FileManager.default.contents(atPath: file), data.count >= offset else { return "" }
            return String(decoding: data[offset...], as: UTF8.self)
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop aipd gracefully (SIGTERM) and wait for it to exit.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Seconds to wait before giving up (or killing, with --force).") var timeout: Double = 60
        @Flag(help: "Send SIGKILL when the daemon has not stopped in time.") var force = false

        func run() throws {
            let files = DaemonFiles(home: PluginPaths.home(flag: global.home, environment: global.environment))
            guard let pid = DaemonFiles.readPID(files.pidFile), DaemonFiles.isDaemon(pid) else {
                Output.line("aipd is not running")
                return
            }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(timeout)
            while DaemonFiles.isDaemon(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if DaemonFiles.isDaemon(pid) {
                guard force else {
                    Output.error("aipd (pid \(pid)) is still stopping after \(timeout) s; see \(files.logFile), or use --force")
                    throw ExitCode(1)
                }
                kill(pid, SIGKILL)
                Output.line("aipd (pid \(pid)) killed after \(timeout) s")
                return
            }
            Output.line("aipd (pid \(pid)) stopped")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether aipd runs, with its pid and URLs (exit 3 when it does not).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let files = DaemonFiles(home: PluginPaths.home(flag: global.home, environment: global.environment))
            guard let pid = DaemonFiles.readPID(files.pidFile), DaemonFiles.isDaemon(pid) else {
                if global.json { Output.json(["running": false]) } else { Output.line("aipd is not running") }
                throw ExitCode(3)
            }
            let state = DaemonState.read(files.stateFile)
            if global.json {
                return Output.json(DaemonState(pid: pid, urls: state?.urls ?? [], started: state?.started ?? "", home: files.home))
            }
            Output.line("aipd running (pid \(pid))\(state.map { " since \($0.started): \($0.urls.joined(separator: ", "))" } ?? ", starting")")
        }
    }

    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the daemon's log (JSON lines), optionally following it.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("n"), .long], help: "How many of the last lines to print.") var lines = 50
        @Flag(name: .shortAndLong, help: "Keep printing lines as they are written.") var follow = false

        func run() throws {
            let files = DaemonFiles(home: PluginPaths.home(flag: global.home, environment: global.environment))
            guard let handle = FileHandle(forReadingAtPath: files.logFile) else {
                Output.error("no log at \(files.logFile): start the daemon with `aip daemon start`")
                throw ExitCode(1)
            }
            let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().suffix(lines) {
                Output.line(String(line))
            }
            while follow {
                let more = handle.availableData
                if more.isEmpty { Thread.sleep(forTimeInterval: 0.2) } else {
                    FileHandle.standardOutput.write(more)
                }
            }
        }
    }
}

/// The state file aipd writes once ready.
struct DaemonState: Codable {
    let pid: Int32
    let urls: [String]
    let started: String
    let home: String

    static func read(_ path: String) -> DaemonState? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(DaemonState.self, from: $0) }
    }
}

/// Starts a program in a session of its own (so it outlives this command and its terminal),
/// stdin from /dev/null, stdout and stderr appended to `output`.
enum Detached {
    static func spawn(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            Output.error("\(executable) is not an executable (build aipd, or pass --aipd)")
            throw ExitCode(1)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours leaks into the daemon: an inherited pipe would keep whoever reads
        // our output waiting until the daemon exits.
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap(Int32.init) ?? []
        for fd in inherited where fd > 2 && fcntl(fd, F_GETFD) >= 0 && fcntl(fd, F_GETFD) & FD_CLOEXEC == 0 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let setsid: Int16 = 0x80 // POSIX_SPAWN_SETSID (glibc, behind _GNU_SOURCE, so not imported)
        posix_spawnattr_setflags(&attributes, setsid)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            Output.error("cannot start \(executable): \(String(cString: strerror(status)))")
            throw ExitCode(1)
        }
        return pid
    }
}
