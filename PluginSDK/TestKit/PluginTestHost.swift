import AIPConfig
import AIPEvents
import AIPHost
import Foundation
import Logging
import Synchronization

/// An in-process plugin host for tests: loads plugin shared objects with the real host runtime,
/// gives them a configuration and a private temporary data directory, stubs the capabilities they
/// require, calls their capabilities, drives their subscriptions and captures their events.
///
/// Every operation that runs plugin code is bounded by a time-out (`timeout`, or the per-call one)
/// and throws `PluginTestError.timedOut` instead of hanging the test. Nothing here depends on
/// XCTest: failures are thrown errors and results are plain values, so XCTest and Swift Testing
/// use it alike.
///
/// `stop()` (also run by `deinit`) stops the plugins and removes the temporary directory. A plugin
/// image stays mapped after that: the host never unloads shared objects (see docs/abi.md).
public final class PluginTestHost: Sendable {
    /// The runtime underneath, for what the kit does not wrap (introspection, refusals, the bus).
    public let host: PluginHost
    /// The temporary directory this test host owns; removed by `stop()`.
    public let directory: String
    /// The host's data root: each plugin's data directory is `dataDirectory/<plugin name>`.
    public let dataDirectory: String
    /// The default time-out of every operation that runs plugin code.
    public let timeout: Duration

    let recorder: EventRecorder
    let stubLedger = StubLedger()
    private let captureSubscription: SubscriptionID
    private let isStopped = Atomic<Bool>(false)

    /// The name under which the kit's own capture subscription appears in bus statistics.
    static let subscriberName = "plugin-test-kit"
    /// The source the host stamps on the events it publishes itself (`PluginHost.publish`).
    static let hostEventSource = "host"

    /// - Parameters:
    ///   - configJSON: the text of an `aip` configuration file, e.g.
    ///     `{"plugins": {"greeter": {"greeting": "Bonjour"}}}`. It goes through the host's own
    ///     parsing: `${NAME}` substitution, `AIP_PLUGINS__…` overrides, and each plugin's schema
    ///     validation and defaults when it loads.
    ///   - environment: the variables `${NAME}` and the overrides read (not the process's own).
    ///   - timeout: the default time-out of every load, call, publish and stop.
    public init(configJSON: String = "{}", environment: [String: String] = [:], timeout: Duration = .seconds(5)) throws {
        let config: HostConfig
        do { config = try HostConfig.parse(text: configJSON, source: "test configuration", environment: environment) } catch {
            throw PluginTestError.invalidSetup(error.description)
        }
        directory = NSTemporaryDirectory().appending("aip-plugin-test-\(UUID().uuidString)")
        dataDirectory = directory + "/data"
        do { try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true) } catch {
            throw PluginTestError.invalidSetup("cannot create the temporary directory \(dataDirectory): \(error.localizedDescription)")
        }
        self.timeout = timeout
        // Quiet by default: refusals reach the test as thrown errors. AIP_TEST_LOG_LEVEL=debug
        // shows what the host and the plugin log.
        var logger = Logger(label: "aip-test")
        logger.logLevel = ProcessInfo.processInfo.environment["AIP_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let host = PluginHost(config: config, dataRoot: dataDirectory, logger: logger)
        let recorder = EventRecorder()
        self.host = host
        self.recorder = recorder
        // Synchronous, so an event is recorded before the plugin's publish returns: after a call
        // returns, every event it published is already visible. The test's own publishes (source
        // "host") are not captured: they are not what the plugin did.
        captureSubscription = host.bus.subscribe(try TopicPattern("#"), owner: Self.subscriberName) { event in
            guard event.source != Self.hostEventSource else { return }
            recorder.record(CapturedEvent(topic: event.topic, source: event.source, contentType: event.contentType,
                                          payload: event.payload, sequence: event.sequence))
        }
    }

    /// Configures plugins by name, each section an Encodable value or its JSON text:
    /// `PluginTestHost(config: ["greeter": Greeting(greeting: "Bonjour")])` or
    /// `PluginTestHost(config: ["greeter": #"{"greeting": "Bonjour"}"#])`. A String is taken as
    /// JSON text, since a plugin section must be an object and can never be a JSON string.
    public convenience init(config sections: [String: any Encodable], environment: [String: String] = [:],
                            timeout: Duration = .seconds(5)) throws {
        var members: [String] = []
        for (name, section) in sections.sorted(by: { $0.key < $1.key }) {
            let key = String(decoding: try JSONCoding.encode(name, what: "a plugin name"), as: UTF8.self)
            let value = try (section as? String)
                ?? String(decoding: JSONCoding.encode(section, what: "the config of \(name)"), as: UTF8.self)
            members.append("\(key): \(value)")
        }
        try self.init(configJSON: "{\"plugins\": {\(members.joined(separator: ", "))}}",
                      environment: environment, timeout: timeout)
    }

    deinit {
        try? stop()
    }

    // MARK: Loading

    /// Loads a plugin and starts it (after any stubs it requires, which must be declared first).
    /// Throws `PluginTestError.refused` with the host's reason when the host refuses it.
    @discardableResult
    public func load(_ path: String, timeout: Duration? = nil) throws -> LoadedPlugin {
        try load([path], timeout: timeout)[0]
    }

    /// Loads several plugins, then starts them together, providers first: plugins that require
    /// each other must be loaded in one call.
    @discardableResult
    public func load(_ paths: [String], timeout: Duration? = nil) throws -> [LoadedPlugin] {
        try ensureRunning()
        let host = host
        let names = try Watchdog.run("loading \(paths.joined(separator: ", "))", timeout: timeout ?? self.timeout) {
            var names: [String] = []
            for path in paths {
                switch host.load(path) {
                case .success(let summary): names.append(summary.name)
                case .failure(let refusal): throw PluginTestError(refusal)
                }
            }
            if let refusal = host.startAll().first { throw PluginTestError(refusal) }
            return names
        }
        let summaries = host.plugins()
        return names.compactMap { name in
            summaries.first { $0.name == name }.map {
                LoadedPlugin(name: $0.name, version: $0.version, path: $0.path,
                             dataDirectory: URL(fileURLWithPath: dataDirectory).appendingPathComponent($0.name).path)
            }
        }
    }

    /// The data directory the plugin named `plugin` gets, created now so a test can put files in
    /// it before loading the plugin.
    public func dataDirectory(for plugin: String) throws -> String {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(plugin).path
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw PluginTestError.invalidSetup("cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }

    // MARK: Stopping

    /// Stops every plugin (dependents first), then removes the temporary directory. Idempotent;
    /// `deinit` calls it too. Throws `timedOut` when a plugin's `stop` or `shutdown` hangs (the
    /// directory is removed anyway).
    public func stop() throws {
        guard !isStopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = host
        let subscription = captureSubscription
        try Watchdog.run("stopping the plugins", timeout: timeout) {
            host.stopAll()
            host.bus.unsubscribe(subscription)
        }
    }

    func ensureRunning() throws {
        if isStopped.load(ordering: .acquiring) { throw PluginTestError.stopped }
    }
}

extension PluginTestError {
    init(_ refusal: PluginRefusal) {
        self = .refused(plugin: refusal.plugin, stage: refusal.stage.rawValue, reason: refusal.reason)
    }
}
