import AIPHost
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `aipd`: the AI Platform daemon. Loads the config and the enabled plugins, serves until
/// SIGTERM/SIGINT (graceful), reloads the config on SIGHUP, logs JSON lines on stderr.
@main
struct AIPDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aipd",
        abstract: "The AI Platform daemon: runs the plugins headless until SIGTERM; SIGHUP reloads the config.",
        discussion: """
        Paths and config are found as for `aip` (--home, --config, --plugins-dir, AIP_HOME, \
        AIP_CONFIG, AIP_PLUGINS_DIR). Daemon settings live in the config under host.daemon \
        (isolation, call_timeout_ms, drain_timeout_ms, restart policy). Without API tokens in \
        plugins.http.tokens an admin token is generated and printed once on stdout.
        On stdout: one line when ready (URL and pid), then nothing; logs are JSON lines on stderr.
        """)

    @Option(name: .customLong("home"), help: "The AI Platform home (default: $AIP_HOME or ~/.aip).")
    var home: String?

    @Option(name: .customLong("config"), help: "The config file (default: $AIP_CONFIG or $AIP_HOME/config.json).")
    var config: String?

    @Option(name: .customLong("plugins-dir"), help: "A directory of plugins; repeat for several.")
    var pluginsDirs: [String] = []

    @Option(name: .customLong("pid-file"), help: "Where to write the pid (default: $AIP_HOME/run/aipd.pid).")
    var pidFile: String?

    @Option(name: .customLong("log-format"), help: "json (default) or text.")
    var logFormat = "json"

    @Option(name: .customLong("log-level"), help: "trace, debug, info (default), warning or error; else $AIP_LOG_LEVEL or host.log_level.")
    var logLevel: String?

    @Flag(name: .customLong("no-generated-token"), help: "Do not make up an admin token when the config has none.")
    var noGeneratedToken = false

    static func main() async {
        // The plugin catalog probes new files by running this executable as `plugins probe`.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.starts(with: ["plugins", "probe"]) {
            PluginProber.runProbeChild(paths: Array(arguments.dropFirst(2).drop { $0 == "--" }))
            return
        }
        do {
            var command = try parseAsRoot()
            if let daemon = command as? AIPDCommand { try await daemon.run() } else { try command.run() }
        } catch {
            exit(withError: error)
        }
    }

    func run() async throws {
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text (got \(logFormat))") }
        let environment = ProcessInfo.processInfo.environment
        let levelText = logLevel ?? environment["AIP_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("--log-level must be one of trace, debug, info, warning, error (got \(levelText))")
        }
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in HostLogHandler(label: label, level: level, json: json) }
        // Runner children log the same way (they inherit the environment).
        setenv("AIP_LOG_FORMAT", logFormat, 1)
        setenv("AIP_LOG_LEVEL", level.rawValue, 1)
        signal(SIGPIPE, SIG_IGN)
        let logger = Logger(label: "aipd")
        let daemon: Daemon
        do {
            daemon = try Daemon(options: DaemonOptions(home: home, config: config, pluginsDirs: pluginsDirs, pidFile: pidFile,
                                                       generateToken: !noGeneratedToken, environment: environment),
                                logger: logger)
        } catch {
            logger.error("cannot start: \(error)")
            throw ExitCode(1)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [DaemonService(daemon: daemon)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch {
            logger.error("\(error)")
            throw ExitCode(1)
        }
    }
}

/// The daemon as a ServiceLifecycle service: start, serve SIGHUPs, stop on graceful shutdown.
/// Blocking work runs on threads of its own, never on the cooperative pool that the http
/// plugin's requests need while they drain.
struct DaemonService: Service {
    let daemon: Daemon

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let started = await onThread { () -> String? in
            do { try daemon.start() } catch { return "\(error)" }
            return nil
        }
        if let started {
            daemon.logger.error("cannot start: \(started)")
            await onThread { daemon.stop() }
            throw ExitCode(1)
        }
        announceReady()
        for await _ in hangups.cancelOnGracefulShutdown() {
            daemon.logger.info("SIGHUP: reloading the configuration")
            _ = await onThread { daemon.reloadConfig() }
        }
        await onThread { daemon.stop() }
    }

    private func announceReady() {
        let elapsed = ContinuousClock.now - daemon.startedAt
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let urls = daemon.urls.isEmpty ? "no HTTP listener (the http plugin is not loaded)" : daemon.urls.joined(separator: ", ")
        var text = "aipd ready in \(milliseconds) ms: \(urls) (pid \(getpid()))\n"
        if let token = daemon.generatedToken {
            text += "admin token (generated for this run; configure plugins.http.tokens to keep one): \(token)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        daemon.logger.info("ready in \(milliseconds) ms", metadata: ["urls": .string(daemon.urls.joined(separator: ","))])
    }
}

/// Runs blocking work on a fresh thread and awaits it.
func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
