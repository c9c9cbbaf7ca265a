import AIPConfig
import AIPHost

/// `host.daemon` in the config file: which plugins run isolated, deadlines and restart policy.
///
/// ```json
/// "host": {"daemon": {"isolation": {"guardrails": "process"}, "call_timeout_ms": 30000,
///                     "drain_timeout_ms": 10000, "max_crashes": 5}}
/// ```
struct DaemonSettings: Equatable {
    enum Isolation: String {
        case inProcess = "in-process"
        case process

        /// The config's and the manifest's spellings: "process" (or the manifest's
        /// "out-of-process") runs the plugin in a runner; "in-process" in the daemon.
        init?(text: String) {
            switch text {
            case "process", "out-of-process": self = .process
            case "in-process": self = .inProcess
            default: return nil
            }
        }
    }

    /// Per plugin, overriding the manifest's `isolation`.
    var isolation: [String: Isolation] = [:]
    var isolationSettings = IsolationSettings()
    /// How long a stop, reload or disable waits for calls in flight.
    var drainTimeout: Duration = .seconds(10)

    nonisolated(unsafe) private static let durations: [String: WritableKeyPath<DaemonSettings, Duration>] = [
        "call_timeout_ms": \.isolationSettings.callTimeout,
        "start_timeout_ms": \.isolationSettings.startTimeout,
        "ping_interval_ms": \.isolationSettings.pingInterval,
        "ping_timeout_ms": \.isolationSettings.pingTimeout,
        "hang_grace_ms": \.isolationSettings.hangGrace,
        "restart_backoff_ms": \.isolationSettings.restartBackoff,
        "max_restart_backoff_ms": \.isolationSettings.maxRestartBackoff,
        "crash_window_ms": \.isolationSettings.crashWindow,
        "stop_timeout_ms": \.isolationSettings.stopTimeout,
        "drain_timeout_ms": \.drainTimeout,
    ]

    static var knownKeys: String { (Array(durations.keys) + ["isolation", "max_crashes", "max_concurrent_calls"]).sorted().joined(separator: ", ") }

    /// Reads `host.daemon`; every problem names the file, position and key.
    init(config: HostConfig) throws(ConfigError) {
        guard let object = config.host.daemon?.objectValue else { return }
        func fail(_ key: String, _ message: String) -> ConfigError {
            let path = "host.daemon" + (key.isEmpty ? "" : "." + key)
            return ConfigError(source: config.source, location: config.location(of: path), path: path, message: message)
        }
        for key in object.keys.sorted() {
            let value = object[key]!
            if let path = Self.durations[key] {
                guard let number = value.int64Value, number >= 1 else {
                    throw fail(key, "expected a positive whole number of milliseconds, got \(value.serialized())")
                }
                self[keyPath: path] = .milliseconds(number)
            } else if key == "max_crashes" {
                guard let number = value.int64Value, number >= 1 else {
                    throw fail(key, "expected a positive whole number, got \(value.serialized())")
                }
                isolationSettings.maxCrashes = Int(number)
            } else if key == "max_concurrent_calls" {
                guard let number = value.int64Value, (1...4096).contains(number) else {
                    throw fail(key, "expected a whole number from 1 to 4096, got \(value.serialized())")
                }
                isolationSettings.maxConcurrentCalls = Int(number)
            } else if key == "isolation" {
                guard let plugins = value.objectValue else { throw fail(key, "expected an object of plugin name → \"process\" or \"in-process\"") }
                for (plugin, mode) in plugins {
                    guard let text = mode.stringValue, let parsed = Isolation(text: text) else {
                        throw fail("isolation.\(plugin)", "expected \"process\", \"out-of-process\" or \"in-process\", got \(mode.serialized())")
                    }
                    isolation[plugin] = parsed
                }
            } else {
                throw fail(key, "unknown daemon setting \"\(key)\" (known settings: \(Self.knownKeys))")
            }
        }
        if isolationSettings.pingTimeout <= isolationSettings.pingInterval {
            throw fail("ping_timeout_ms", "must be longer than ping_interval_ms (\(isolationSettings.pingInterval))")
        }
    }
}
