import AIPConfig
import AIPEvents
import AIPHost
import AIPluginABI
import Foundation
import Logging

/// `aip-plugin-runner --plugin PATH --parent-pid PID`: runs one plugin out of the daemon's
/// process. fd 3 is a Unix socket to the daemon, carrying `RunnerFrame`s: the plugin is loaded
/// into a host of its own here, and every call, host-table call and event crosses the socket.
/// The runner dies with the daemon (parent-death signal) and exits when the socket closes.
@main
enum RunnerMain {
    static func main() {
        let arguments = RunnerArguments.parse(CommandLine.arguments)
        guard let arguments else {
            FileHandle.standardError.write(Data("usage: aip-plugin-runner --plugin PATH --parent-pid PID (started by aipd, fd 3 a socket)\n".utf8))
            exit(64)
        }
        ParentDeath.arm(expectedParent: arguments.parentPID)
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let level = Logger.Level(rawValue: environment["AIP_LOG_LEVEL"] ?? "info") ?? .info
        let json = environment["AIP_LOG_FORMAT"] == "json"
        LoggingSystem.bootstrap { label in HostLogHandler(label: label, level: level, json: json) }
        var logger = Logger(label: "aip-plugin-runner")
        logger[metadataKey: "runner_pid"] = "\(getpid())"
        let session = RunnerSession(socket: FrameSocket(fd: 3), pluginPath: arguments.pluginPath, logger: logger)
        session.run()
    }
}

struct RunnerArguments {
    var pluginPath: String
    var parentPID: pid_t

    static func parse(_ arguments: [String]) -> RunnerArguments? {
        var plugin: String?
        var parent: pid_t?
        var index = 1
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--plugin": plugin = arguments[index + 1]
            case "--parent-pid": parent = pid_t(arguments[index + 1])
            default: return nil
            }
            index += 2
        }
        guard let plugin, let parent else { return nil }
        return RunnerArguments(pluginPath: plugin, parentPID: parent)
    }
}

/// PR_SET_PDEATHSIG: the kernel kills the runner when the daemon thread that spawned it ends
/// (the daemon spawns every runner from one thread that lives as long as it does), so a runner
/// never outlives the daemon, even after `kill -9` of the daemon.
enum ParentDeath {
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    static func arm(expectedParent: pid_t) {
        let prSetPdeathsig: Int32 = 1
        if let symbol = dlsym(nil, "prctl") {
            _ = unsafeBitCast(symbol, to: Prctl.self)(prSetPdeathsig, UInt(SIGKILL), 0, 0, 0)
        }
        // The daemon may have died before the signal was armed.
        if getppid() != expectedParent { _exit(70) }
    }
}
