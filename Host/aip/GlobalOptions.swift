import AIPConfig
import AIPHost
import ArgumentParser
import Foundation
import Logging

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("home"), help: "The AI Platform home (default: $AIP_HOME or ~/.aip).")
    var home: String?

    @Option(name: .customLong("plugins-dir"), help: "A directory of plugins; repeat for several.")
    var pluginsDirs: [String] = []

    @Option(name: .customLong("config"), help: "The host config file (default: $AIP_CONFIG or $AIP_HOME/config.json).")
    var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, warning or error (default: $AIP_LOG_LEVEL or warning).")
    var logLevel: String?

    @Flag(name: .customLong("json"), help: "Machine-readable JSON output.")
    var json = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Sets up logging and opens a session; a bad config ends the command with exit code 1.
    func session() throws -> HostSession {
        let levelText = logLevel ?? environment["AIP_LOG_LEVEL"] ?? "warning"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("--log-level must be one of trace, debug, info, warning, error (got \(levelText))")
        }
        LoggingBootstrap.once(level: level)
        do {
            return try HostSession(homeFlag: home, pluginsDirFlags: pluginsDirs, configFlag: config,
                                   environment: environment, logger: Logger(label: "aip"))
        } catch {
            Output.error("invalid configuration: \(error.description)")
            throw ExitCode(1)
        }
    }

    var prober: PluginProber {
        PluginProber(executable: CommandLine.executablePath)
    }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false

    static func once(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in HostLogHandler(label: label, level: level) }
    }
}

extension CommandLine {
    /// This executable, for re-running ourselves as the probe child.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }
}
