import AIPConfig
import AIPEvents
import AIPHost
import Foundation
import Logging

/// The daemon: one host with every enabled plugin, in process or in a runner child, plus the
/// host's own capabilities, kept up until SIGTERM/SIGINT and reconfigured on SIGHUP.
final class Daemon: @unchecked Sendable {
    let options: DaemonOptions
    let logger: Logger
    let startedAt = ContinuousClock.now
    let wallStart = Date()
    var session: HostSession
    var host: PluginHost { session.host }
    var settings: DaemonSettings
    let pidFile: PidFile
    let stateFile: String
    let runnerExecutable: String
    /// Serialises everything that changes which plugins run: enable, disable, reload, SIGHUP.
    let control = NSRecursiveLock()
    private let lock = NSLock()
    private var isolatedPlugins: [String: IsolatedPlugin] = [:]
    private var listening: [String] = []
    private var phase = Phase.starting
    /// An admin token made up at start because the config has none (printed once on stdout).
    private(set) var generatedToken: String?

    enum Phase: String { case starting, ready, stopping, stopped }

    init(options: DaemonOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        session = try HostSession(homeFlag: options.home, pluginsDirFlags: options.pluginsDirs, configFlag: options.config,
                                  environment: options.environment, logger: logger)
        settings = try DaemonSettings(config: session.config)
        let files = DaemonFiles(home: session.paths.home)
        pidFile = PidFile(path: options.pidFile ?? files.pidFile)
        stateFile = files.stateFile
        let executable = CommandLine.executablePath
        runnerExecutable = options.environment["AIP_PLUGIN_RUNNER"]
            ?? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("aip-plugin-runner").path
        if let (config, token) = EmbeddedDefaults.withGeneratedToken(session.config, generate: options.generateToken) {
            host.replaceConfig(config)
            generatedToken = token
        }
    }

    var currentPhase: Phase { lock.withLock { phase } }
    var urls: [String] { lock.withLock { listening } }

    func isolated(_ name: String) -> IsolatedPlugin? { lock.withLock { isolatedPlugins[name] } }
    func setIsolated(_ name: String, _ plugin: IsolatedPlugin?) { lock.withLock { isolatedPlugins[name] = plugin } }
    var allIsolated: [IsolatedPlugin] { lock.withLock { Array(isolatedPlugins.values) } }

    // MARK: Start

    /// Brings every enabled plugin up; returns once they run (or were refused, which is logged).
    func start() throws {
        try pidFile.acquire()
        host.enableInstrumentation()
        _ = host.bus.subscribe(try TopicPattern("http.listening"), owner: "aipd") { [self] event in
            struct Listening: Decodable { let url: String }
            if let url = try? JSONDecoder().decode(Listening.self, from: Data(event.payload)).url {
                lock.withLock { listening.append(url) }
            }
        }
        try DaemonCapabilities(daemon: self).register()
        loadPlugins()
        lock.withLock { phase = .ready }
        writeState()
    }

    private func loadPlugins() {
        let entries = session.refreshCatalog(prober: PluginProber(executable: CommandLine.executablePath))
        var isolatedPaths: [String] = []
        for entry in entries {
            guard entry.status == .ok, let name = entry.plugin?.name else {
                logger.error("plugin file \(entry.path) refused: \(entry.reason ?? entry.status.rawValue)")
                continue
            }
            if host.config.host.disabled.contains(name) {
                logger.info("plugin \(name) is disabled in the config; not loaded")
                continue
            }
            switch isolationMode(of: name, path: entry.path) {
            case .failure(let message):
                logger.error("plugin \(name) refused: \(message)")
            case .success(.process):
                isolatedPaths.append(entry.path)
            case .success(.inProcess):
                host.load(entry.path) // a refusal is logged by the host
            }
        }
        // In-process plugins first, so isolated ones find the capabilities they require; then
        // in-process plugins refused for want of a capability an isolated plugin provides get
        // a second chance.
        host.startAll()
        _ = launchIsolated(isolatedPaths, final: true)
        let provided = Set(allIsolated.flatMap { plugin in host.plugins().filter { $0.path == plugin.path }.flatMap(\.provides) }
            .map { String($0.prefix { $0 != "@" }) })
        for summary in host.plugins() where summary.state == "failed" {
            guard let failure = summary.failure, provided.contains(where: { failure.contains("capability \($0) ") }) else { continue }
            do { _ = try host.enable(summary.name) } catch {
                logger.error("plugin \(summary.name) still cannot start: \(error.message)")
            }
        }
    }

    /// Launches runners; returns the paths that failed, logging them when `final`.
    private func launchIsolated(_ paths: [String], final: Bool) -> [String] {
        var failed: [String] = []
        for path in paths {
            do {
                let plugin = try IsolatedPlugin.launch(path: path, host: host, settings: settings.isolationSettings, runner: runnerExecutable)
                host.adoptIsolated(plugin)
                setIsolated(plugin.name, plugin)
            } catch {
                failed.append(path)
                if final { logger.error("isolated plugin \(path) refused: \(error.message)") }
            }
        }
        return failed
    }

    func isolationMode(of name: String, path: String) -> Result<DaemonSettings.Isolation, ManifestIsolationError> {
        if let configured = settings.isolation[name] { return .success(configured) }
        return ManifestIsolation.read(besides: path).map { $0 ?? .inProcess }
    }

    // MARK: Stop

    /// Front ends drain first (they hear `host.daemon.stopping`), then plugins stop in reverse
    /// start order, each after its calls in flight finish, then the runners exit.
    func stop() {
        lock.withLock { phase = .stopping }
        logger.info("stopping: draining requests in flight (up to \(settings.drainTimeout))")
        let payload = Array("{\"drain_timeout_ms\":\(settings.drainTimeout.components.seconds * 1000)}".utf8)
        _ = try? host.publish(topic: "host.daemon.stopping", payload: payload)
        control.withLock {
            host.stopAll(drainTimeout: settings.drainTimeout)
            for plugin in allIsolated { plugin.stopRunner() }
        }
        host.bus.shutdown(drainTimeout: .seconds(2))
        lock.withLock { phase = .stopped }
        pidFile.release()
        unlink(stateFile)
        logger.info("stopped")
    }

    // MARK: State for `aip daemon status`

    private func writeState() {
        struct State: Encodable {
            let pid: Int32
            let urls: [String]
            let started: String
            let configFile: String?
            let home: String
        }
        let state = State(pid: getpid(), urls: urls, started: ISO8601DateFormatter().string(from: wallStart),
                          configFile: session.paths.configFile, home: session.paths.home)
        if let data = try? JSONEncoder().encode(state) {
            try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: stateFile).deletingLastPathComponent().path,
                                                     withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: stateFile), options: .atomic)
        }
    }

    var uptimeSeconds: Double {
        let elapsed = ContinuousClock.now - startedAt
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Command-line choices the daemon keeps (it re-reads the config file on SIGHUP).
struct DaemonOptions: Sendable {
    var home: String?
    var config: String?
    var pluginsDirs: [String]
    var pidFile: String?
    var generateToken: Bool
    var environment: [String: String]
}

extension CommandLine {
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }
}
