import AIPEvents
import AIPluginABI
import Foundation
import Logging
import AIPLocking

/// A plugin that runs in an `aip-plugin-runner` child. The daemon holds a stand-in record whose
/// capabilities are dynamic entries forwarding each call over the socket, so callers cannot tell
/// the difference. A crash is contained here: calls in flight fail with a clear error,
/// `host.plugin.crashed` is published, and the runner is restarted with exponential backoff until
/// too many crashes in a row open the circuit.
///
/// One object is one generation of the plugin (one file); a hot reload makes a new one.
public final class IsolatedPlugin: @unchecked Sendable {
    public let name: String
    public let path: String
    let host: PluginHost
    let settings: IsolationSettings
    let runner: String
    let record: PluginRecord
    private let logger: Logger
    private let state = Locked(State())

    public enum Status: String, Sendable, Codable {
        case running, restarting, circuitOpen = "circuit-open", stopped
    }

    private struct State {
        var connection: RunnerConnection?
        var status = Status.running
        var restarts = 0
        var crashTimes: [ContinuousClock.Instant] = []
        var consecutiveCrashes = 0
        var lastCrash: String?
    }

    /// What `host.plugins.list` shows about an isolated plugin.
    public struct Report: Codable, Sendable {
        public var status: Status
        public var pid: Int32?
        public var restarts: Int
        public var lastCrash: String?
    }

    private init(name: String, path: String, host: PluginHost, settings: IsolationSettings, runner: String,
                 record: PluginRecord, logger: Logger) {
        self.name = name
        self.path = path
        self.host = host
        self.settings = settings
        self.runner = runner
        self.record = record
        self.logger = logger
    }

    /// Starts a runner for `path` and builds the stand-in record with its capabilities registered.
    /// The record is not yet in the host's list: `PluginHost.adoptIsolated` or `swap` puts it there.
    public static func launch(path: String, host: PluginHost, settings: IsolationSettings,
                              runner: String) throws(HostCallFailure) -> IsolatedPlugin {
        let box = Box()
        let (connection, descriptor) = try RunnerConnection.launch(
            runner: runner, path: path, plugin: URL(fileURLWithPath: path).lastPathComponent, settings: settings,
            logger: host.logger, delegate: box.delegate, setup: { descriptor throws(HostCallFailure) in
                try host.runnerSetup(for: descriptor) })
        let proxy: PluginDescriptor
        do { proxy = try descriptor.proxyDescriptor() } catch {
            connection.kill(reason: error.description)
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: error.description)
        }
        let record = PluginRecord(path: path, descriptor: proxy, services: host.services, logger: host.logger)
        let plugin = IsolatedPlugin(name: descriptor.name, path: path, host: host, settings: settings, runner: runner,
                                    record: record, logger: record.logger)
        box.plugin = plugin
        plugin.state.withLock { $0.connection = connection }
        record.state = .running
        let userData = Unmanaged.passRetained(plugin).toOpaque() // lives as long as its entries: forever
        for capability in proxy.provides {
            let entry = CapabilityEntry(name: capability.name, version: capability.version, provider: record, kind: .dynamic,
                                        dynamicHandler: isolatedTrampoline, dynamicUserData: userData)
            do { try host.services.registry.register(entry) } catch {
                plugin.stopRunner()
                throw HostCallFailure(status: AIP_ERR_CONFLICT, message: "plugin \(descriptor.name): \(error)")
            }
        }
        for pattern in proxy.subscribes {
            let options = SubscribeOptions(delivery: .async, queueCapacity: 1024, overflow: .dropNewest)
            let id = host.bus.subscribe(pattern, owner: descriptor.name, options: options) { [weak plugin] event in
                guard let plugin, event.source != plugin.name else { return }
                plugin.currentConnection?.send(RunnerFrame(.event, fields: [event.topic, event.contentType, event.source], body: event.payload))
            }
            record.remember(subscription: id.rawValue)
        }
        record.logger.info("started \(descriptor.name) \(descriptor.version) in runner pid \(connection.process.pid)")
        return plugin
    }

    var currentConnection: RunnerConnection? { state.withLock { $0.connection } }

    public var report: Report {
        state.withLock { Report(status: $0.status, pid: $0.connection?.process.pid, restarts: $0.restarts, lastCrash: $0.lastCrash) }
    }

    fileprivate func call(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let (connection, status) = state.withLock { ($0.connection, $0.status) }
        guard let connection, !connection.isClosed else {
            let why = status == .circuitOpen ? "its circuit is open after repeated crashes; enable it to try again"
                                             : "its runner is restarting after a crash"
            return HostErrors.write(status: AIP_ERR_UNAVAILABLE, "plugin \(name) is unavailable: \(why)", into: response)
        }
        return connection.call(request, response)
    }

    /// Stops the runner on purpose (disable, reload, daemon shutdown): no crash, no restart.
    public func stopRunner() {
        let connection = state.withLock { state -> RunnerConnection? in
            state.status = .stopped
            defer { state.connection = nil }
            return state.connection
        }
        connection?.stop()
    }

    /// Clears the crash history and starts a runner again (after the circuit opened).
    public func restartNow() throws(HostCallFailure) {
        state.withLock {
            $0.crashTimes.removeAll()
            $0.consecutiveCrashes = 0
            $0.status = .restarting
        }
        try relaunch()
        record.failure = nil
        record.state = .running
    }

    // MARK: Crashes

    fileprivate func runnerEnded(_ connection: RunnerConnection, exit: RunnerProcess.Exit, reason: String, intentional: Bool) {
        let now = ContinuousClock.now
        let decision: (restarts: Int, delay: Duration?)? = state.withLock { state in
            guard !intentional, state.connection === connection, state.status != .stopped else { return nil }
            state.connection = nil
            state.restarts += 1
            state.lastCrash = reason
            state.crashTimes = state.crashTimes.filter { now - $0 < settings.crashWindow } + [now]
            state.consecutiveCrashes = now - connection.startedAt > settings.crashWindow ? 1 : state.consecutiveCrashes + 1
            if state.crashTimes.count >= settings.maxCrashes {
                state.status = .circuitOpen
                return (state.restarts, nil)
            }
            state.status = .restarting
            return (state.restarts, settings.backoff(forCrash: state.consecutiveCrashes))
        }
        guard let decision else { return }
        var signal: Int32?
        if case .signalled(let number) = exit { signal = number }
        logger.error("runner of \(name) (pid \(connection.process.pid)) ended: \(reason); \(decision.delay.map { "restarting in \($0)" } ?? "crashed \(settings.maxCrashes) times within \(settings.crashWindow): circuit open, not restarted")")
        if decision.delay == nil {
            record.fail("crashed \(settings.maxCrashes) times within \(settings.crashWindow) (last: \(reason)); not restarted until enabled again")
        }
        struct Crashed: Encodable {
            let plugin: String, pid: Int32, reason: String, signal: Int32?, restarts: Int
            let circuitOpen: Bool, restartInMs: Int64?
        }
        let event = Crashed(plugin: name, pid: connection.process.pid, reason: reason, signal: signal, restarts: decision.restarts,
                            circuitOpen: decision.delay == nil, restartInMs: decision.delay?.milliseconds)
        if let payload = try? JSONEncoder().encode(event) {
            _ = host.bus.publish(topic: "host.plugin.crashed", contentType: "application/json", payload: Array(payload), source: PluginHost.hostProviderName)
        }
        if let delay = decision.delay {
            Thread.detachNewThread { [self] in
                Thread.sleep(forTimeInterval: Double(delay.milliseconds) / 1000)
                restartAfterCrash()
            }
        }
    }

    private func restartAfterCrash() {
        guard state.withLock({ $0.status == .restarting }) else { return }
        do {
            try relaunch()
            logger.info("restarted \(name) after a crash (runner pid \(currentConnection?.process.pid ?? 0))")
        } catch {
            logger.error("restart of \(name) failed: \(error.message)")
            // A failed start counts as another crash: same backoff, same circuit breaker.
            let failed = state.withLock { state -> Duration? in
                guard state.status == .restarting else { return nil }
                let now = ContinuousClock.now
                state.crashTimes = state.crashTimes.filter { now - $0 < settings.crashWindow } + [now]
                state.consecutiveCrashes += 1
                state.lastCrash = error.message
                if state.crashTimes.count >= settings.maxCrashes {
                    state.status = .circuitOpen
                    return nil
                }
                return settings.backoff(forCrash: state.consecutiveCrashes)
            }
            guard let delay = failed else {
                record.fail("could not be restarted (\(error.message)); circuit open")
                return
            }
            Thread.sleep(forTimeInterval: Double(delay.milliseconds) / 1000)
            restartAfterCrash()
        }
    }

    private func relaunch() throws(HostCallFailure) {
        let box = Box()
        box.plugin = self
        let (connection, descriptor) = try RunnerConnection.launch(
            runner: runner, path: path, plugin: name, settings: settings, logger: logger, delegate: box.delegate,
            setup: { descriptor throws(HostCallFailure) in try host.runnerSetup(for: descriptor) })
        guard descriptor.name == name, descriptor.provides.map(\.name) == record.descriptor.provides.map(\.name) else {
            connection.stop()
            throw HostCallFailure(status: AIP_ERR_CONFLICT,
                                  message: "\(path) changed under the running daemon (it now holds \(descriptor.name) \(descriptor.version)); reload it instead")
        }
        let accepted = state.withLock { state -> Bool in
            guard state.status == .restarting else { return false }
            state.connection = connection
            state.status = .running
            return true
        }
        if !accepted { connection.stop() }
    }

    // MARK: Traffic from the runner

    fileprivate func hostCall(_ frame: RunnerFrame, from connection: RunnerConnection) {
        DispatchQueue.global().async { [self] in
            let capability = frame.field(0)
            let result: CallResult
            if record.mayCall(capability) {
                result = host.call(capability, body: frame.body, contentType: frame.field(1).isEmpty ? "application/json" : frame.field(1), caller: name)
            } else {
                result = CallResult(status: AIP_ERR_PERMISSION_DENIED, contentType: "application/json",
                                    body: HostErrors.body(status: AIP_ERR_PERMISSION_DENIED, "plugin \(name) may not call \(capability): it is not declared in the plugin's requirements"))
            }
            connection.send(RunnerFrame(.hostReply, id: frame.id, status: result.status, fields: [result.contentType], body: result.body))
        }
    }

    fileprivate func published(_ frame: RunnerFrame) {
        let topic = frame.field(0)
        guard record.mayPublish(topic) else {
            logger.warning("refused publish to undeclared or invalid topic \(topic)")
            return
        }
        _ = host.bus.publish(topic: topic, contentType: frame.field(1).isEmpty ? "application/json" : frame.field(1),
                             payload: frame.body, source: name)
    }

    /// Routes a connection's callbacks to the plugin, which exists only once the launch succeeded.
    private final class Box: @unchecked Sendable {
        weak var plugin: IsolatedPlugin?

        var delegate: RunnerConnection.Delegate {
            RunnerConnection.Delegate(
                hostCall: { [self] frame, connection in
                    guard let plugin else {
                        return connection.send(RunnerFrame(.hostReply, id: frame.id, status: AIP_ERR_UNAVAILABLE,
                                                           body: HostErrors.body(status: AIP_ERR_UNAVAILABLE, "the plugin is still starting")))
                    }
                    plugin.hostCall(frame, from: connection)
                },
                publish: { [self] frame in plugin?.published(frame) },
                ended: { [self] connection, exit, reason, intentional in
                    plugin?.runnerEnded(connection, exit: exit, reason: reason, intentional: intentional)
                })
        }
    }
}

private let isolatedTrampoline: aip_dynamic_handler_fn = { userData, request, response in
    guard let userData, let request, let response else { return AIP_ERR_INVALID_ARGUMENT }
    return Unmanaged<IsolatedPlugin>.fromOpaque(userData).takeUnretainedValue().call(request, response)
}

extension PluginHost {
    /// What a runner needs to start its plugin: the raw config section and the providers the
    /// daemon would route the plugin's requirements to.
    func runnerSetup(for descriptor: RunnerDescriptor) throws(HostCallFailure) -> RunnerSetup {
        let providers = descriptor.requires.filter { $0.name != "*" && !$0.name.hasSuffix(".*") }.compactMap { requirement -> RunnerSetup.Provider? in
            guard let entry = try? resolve(requirement.name, range: requirement.range) else { return nil }
            return RunnerSetup.Provider(name: requirement.name, version: entry.version.description)
        }
        return RunnerSetup(configJSON: config.section(for: descriptor.name).serialized(), configSource: config.source,
                           dataRoot: dataRoot, providers: providers)
    }

    /// Lists an isolated plugin's stand-in record among the running plugins (start order included).
    public func adoptIsolated(_ plugin: IsolatedPlugin, replacing old: IsolatedPlugin? = nil) {
        lock.withLock {
            if let old { records.removeAll { $0 === old.record } }
            records.append(plugin.record)
            startedRecords.append(plugin.record)
        }
    }

    /// Hot reload of an isolated plugin: the new generation's runner is already up; calls move to
    /// it and the old runner stops once its calls in flight are answered.
    public func swapIsolated(_ old: IsolatedPlugin, for new: IsolatedPlugin, drainTimeout: Duration) {
        swap(old.record, for: new.record, drainTimeout: drainTimeout)
        old.stopRunner()
    }

    /// Stops an isolated plugin's stand-in (after its calls drain) and then its runner.
    public func retireIsolated(_ plugin: IsolatedPlugin, drainTimeout: Duration) {
        lock.withLock { startedRecords.removeAll { $0 === plugin.record } }
        retire(plugin.record, drainTimeout: drainTimeout)
        plugin.stopRunner()
    }
}
