import AIPEvents
import AIPluginABI
import Foundation
import Logging
import Synchronization
import AIPLocking

/// Lifecycle state of a loaded plugin.
public enum PluginState: String, Sendable, Codable {
    case loaded, initialised, running, stopped, failed
}

/// Health a plugin reports about itself.
public struct PluginHealth: Sendable, Codable, Equatable {
    public var state: String
    public var message: String

    public init(state: String, message: String) {
        self.state = state
        self.message = message
    }
}

/// Everything the host keeps about one loaded plugin. Its address is the `aip_host_ctx *` the
/// plugin passes back on every host-table call, so it lives (retained) for the whole process.
final class PluginRecord: @unchecked Sendable {
    let path: String
    let descriptor: PluginDescriptor
    let services: HostServices
    let logger: Logger
    /// Nil for thread-safe plugins; otherwise held around every call into the plugin.
    let callLock: RecursiveLock?
    private let stateValue = Atomic<Int>(0)
    private let mutable = Locked(Mutable())
    /// Calls inside the plugin right now; counted only on an instrumented host (the daemon), where
    /// a reload or disable waits for it to reach zero before stopping the instance.
    let inFlight = Atomic<Int>(0)
    /// The instance that replaced this one in a hot reload; calls that still reach this record's
    /// entries are forwarded to it.
    let successor = Locked<PluginRecord?>(nil)

    /// Set once by init; read on every call.
    nonisolated(unsafe) var instance: UnsafeMutableRawPointer?
    /// NUL-terminated copies handed to the plugin; kept until the process ends (the header promises
    /// validity until shutdown, and a plugin that keeps a pointer longer must not crash the host).
    nonisolated(unsafe) var configCString: UnsafeMutablePointer<CChar>
    nonisolated(unsafe) var dataDirCString: UnsafeMutablePointer<CChar>
    let nameCString: UnsafeMutablePointer<CChar>

    private struct Mutable {
        var failure: String?
        var health = PluginHealth(state: "ok", message: "")
        var publishAllowed: [String: Bool] = [:]
        var subscriptions: Set<UInt64> = []
    }

    init(path: String, descriptor: PluginDescriptor, services: HostServices, logger: Logger) {
        self.path = path
        self.descriptor = descriptor
        self.services = services
        var logger = logger
        logger[metadataKey: "plugin"] = .string(descriptor.name)
        self.logger = logger
        self.callLock = descriptor.threadSafe ? nil : RecursiveLock()
        self.configCString = strdup("{}")!
        self.dataDirCString = strdup("")!
        self.nameCString = strdup(descriptor.name)!
    }

    var name: String { descriptor.name }

    var state: PluginState {
        get { [.loaded, .initialised, .running, .stopped, .failed][stateValue.load(ordering: .acquiring)] }
        set {
            let index = [PluginState.loaded, .initialised, .running, .stopped, .failed].firstIndex(of: newValue)!
            stateValue.store(index, ordering: .releasing)
        }
    }

    @inline(__always) var isRunning: Bool { stateValue.load(ordering: .relaxed) == 2 }

    /// `isRunning` ordered against `inFlight` (sequentially consistent on both sides), so a drain
    /// that stops the record and then sees zero calls in flight can trust that none will enter.
    var isRunningOrdered: Bool { stateValue.load(ordering: .sequentiallyConsistent) == 2 }

    /// Stops new calls from entering (sequentially consistent; see `isRunningOrdered`).
    func closeForDrain(_ state: PluginState) {
        let index = [PluginState.loaded, .initialised, .running, .stopped, .failed].firstIndex(of: state)!
        stateValue.store(index, ordering: .sequentiallyConsistent)
    }

    var failure: String? {
        get { mutable.withLock { $0.failure } }
        set { mutable.withLock { $0.failure = newValue } }
    }

    var health: PluginHealth {
        get { mutable.withLock { $0.health } }
        set { mutable.withLock { $0.health = newValue } }
    }

    func fail(_ reason: String) {
        failure = reason
        state = .failed
    }

    /// May this plugin call `capability`? Declared requirements are the permissions.
    func mayCall(_ capability: String) -> Bool {
        descriptor.requirements.contains { $0.permits(capability) }
            || descriptor.provides.contains { $0.name == capability }
    }

    /// May this plugin publish to `topic`? Cached per topic, since plugins publish the same few often.
    func mayPublish(_ topic: String) -> Bool {
        if let known = mutable.withLock({ $0.publishAllowed[topic] }) { return known }
        let allowed = (try? EventTopic.validate(topic)) != nil && descriptor.publishes.contains { $0.matches(topic) }
        mutable.withLock { state in
            if state.publishAllowed.count < 4096 { state.publishAllowed[topic] = allowed }
        }
        return allowed
    }

    func maySubscribe(_ pattern: TopicPattern) -> Bool {
        descriptor.subscribes.contains { $0.covers(pattern) }
    }

    func remember(subscription: UInt64) {
        _ = mutable.withLock { $0.subscriptions.insert(subscription) }
    }

    func forget(subscription: UInt64) -> Bool {
        mutable.withLock { $0.subscriptions.remove(subscription) != nil }
    }

    func allSubscriptions() -> [UInt64] {
        mutable.withLock { Array($0.subscriptions) }
    }

    /// Runs `body` under the plugin's call lock when the plugin is not thread-safe.
    @inline(__always) func serialised<T>(_ body: () throws -> T) rethrows -> T {
        guard let callLock else { return try body() }
        callLock.lock()
        defer { callLock.unlock() }
        return try body()
    }
}
