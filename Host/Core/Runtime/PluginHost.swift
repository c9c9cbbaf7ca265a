import AIPConfig
import AIPEvents
import AIPVersioning
import AIPluginABI
import Foundation
import Logging
import AIPLocking

/// A summary of one plugin for listings (`aip plugins list`, `host.plugins.list`).
public struct PluginSummary: Sendable, Codable, Equatable {
    public var name: String
    public var version: String
    public var description: String
    public var path: String
    public var language: String
    public var state: String
    public var threadSafe: Bool
    public var provides: [String]
    public var requires: [String]
    public var publishes: [String]
    public var subscribes: [String]
    public var failure: String?
    public var health: PluginHealth?
}

/// The outcome of a call made by the host (CLI, benchmarks, tests) into a capability.
public struct CallResult: Sendable {
    public let status: Int32
    public let contentType: String
    public let body: [UInt8]
    public var ok: Bool { status == AIP_OK }
    public var statusName: String { HostErrors.codeName(status) }
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The plugin host: loads plugins, orders and runs their lifecycle, and routes calls and events.
/// A plugin that fails at any stage is refused with a reason; the others keep running.
public final class PluginHost: @unchecked Sendable {
    public let bus: EventBus
    /// The configuration new plugin instances are initialised with (replaced by a config reload).
    public var config: HostConfig { configState.withLock { $0 } }
    let configState: Locked<HostConfig>
    public let dataRoot: String
    let services: HostServices
    /// Capabilities answered by host-side closures (`provide`); the planner counts them as running.
    let hostProvided = HostProvidedCapabilities()
    let logger: Logger
    let lock = NSRecursiveLock()
    var records: [PluginRecord] = []
    var startedRecords: [PluginRecord] = []
    private var refusalLog: [PluginRefusal] = []

    /// `observer` watches lifecycle and host-table calls (`aip plugin test`); leave it nil otherwise.
    public init(config: HostConfig, dataRoot: String, logger: Logger = Logger(label: "aip"),
                observer: (any HostCallObserver)? = nil) {
        self.bus = EventBus()
        self.configState = Locked(config)
        self.dataRoot = dataRoot
        self.logger = logger
        self.services = HostServices(bus: bus, logger: logger, observer: observer)
    }

    /// Names of the running plugins in the order they were started.
    public var startOrder: [String] { lock.withLock { startedRecords.map(\.name) } }

    /// Every refusal so far, in order.
    public var refusals: [PluginRefusal] { lock.withLock { refusalLog } }

    // MARK: Loading

    /// Loads one plugin image and validates its descriptor; does not initialise it.
    @discardableResult
    public func load(_ path: String) -> Result<PluginSummary, PluginRefusal> {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(absolute) } catch {
            return .failure(refuse(error))
        }
        return lock.withLock {
            if let existing = records.first(where: { $0.name == descriptor.name }) {
                return .failure(refuse(PluginRefusal(path: absolute, plugin: descriptor.name, stage: .duplicate,
                    reason: "a plugin named \(descriptor.name) is already loaded from \(existing.path) (version \(existing.descriptor.version)); plugin names must be unique")))
            }
            let record = PluginRecord(path: absolute, descriptor: descriptor, services: services, logger: logger)
            records.append(record)
            logger.debug("loaded \(descriptor.name) \(descriptor.version) from \(absolute)")
            return .success(summary(of: record))
        }
    }

    // MARK: Lifecycle

    /// Initialises and starts every loaded plugin not yet started, providers first.
    /// Returns the refusals this pass produced; the plugins that could start are running.
    @discardableResult
    public func startAll() -> [PluginRefusal] {
        lock.withLock {
            let before = refusalLog.count
            let pending = records.filter { $0.state == .loaded }
            let plan = DependencyPlanner.plan(pending: pending, running: records.filter { $0.state == .running } + hostProvided.records)
            for (record, reason) in plan.refused {
                record.fail(reason)
                _ = refuse(PluginRefusal(path: record.path, plugin: record.name, stage: .dependency, reason: reason))
            }
            for record in plan.order {
                let failedDependency = (plan.dependencies[record.name] ?? []).compactMap { name in
                    records.first { $0.name == name && $0.state == .failed }
                }.first
                if let failedDependency {
                    let reason = "depends on \(failedDependency.name), which failed: \(failedDependency.failure ?? "unknown reason")"
                    record.fail(reason)
                    _ = refuse(PluginRefusal(path: record.path, plugin: record.name, stage: .dependency, reason: reason))
                    continue
                }
                if let refusal = initialiseAndStart(record) {
                    record.fail(refusal.reason)
                    _ = refuse(refusal)
                } else {
                    startedRecords.append(record)
                }
            }
            return Array(refusalLog[before...])
        }
    }

    /// Stops running plugins in reverse start order, then shuts them down. On an instrumented host
    /// each plugin's calls in flight may finish first, for up to `drainTimeout` per plugin.
    public func stopAll(drainTimeout: Duration = .zero) {
        lock.withLock {
            for record in startedRecords.reversed() where record.state == .running {
                record.closeForDrain(.stopped)
                if !waitForDrain(record, timeout: drainTimeout) {
                    record.logger.warning("calls still in flight after \(drainTimeout); stopping anyway")
                }
                stopInstance(record)
            }
            for record in startedRecords.reversed() where record.state == .stopped {
                record.lifecycle(.shutdown) { record.serialised { record.descriptor.entryPoints.shutdown?(record.instance) } }
            }
            startedRecords.removeAll()
        }
    }

    /// Drops a stopped record's subscriptions and calls its stop function.
    func stopInstance(_ record: PluginRecord) {
        dropSubscriptions(of: record)
        // Observed even without a stop function (NULL: nothing to do): the step still happens.
        var error = emptyResponse()
        let status = record.lifecycle(.stop) {
            record.descriptor.entryPoints.stop.map { stop in record.serialised { stop(record.instance, &error) } } ?? AIP_OK
        }
        if status != AIP_OK {
            record.logger.warning("stop failed (\(HostErrors.codeName(status))): \(takeText(&error))")
        } else {
            free(error.data)
        }
    }

    func initialiseAndStart(_ record: PluginRecord) -> PluginRefusal? {
        func refusal(_ stage: PluginRefusal.Stage, _ reason: String) -> PluginRefusal {
            PluginRefusal(path: record.path, plugin: record.name, stage: stage, reason: reason)
        }
        switch config.validateSection(plugin: record.name, schemaText: record.descriptor.configSchema) {
        case .failure(let error):
            return refusal(.config, "invalid configuration: \(error.description)")
        case .success(let section):
            free(record.configCString)
            record.configCString = strdup(section.serialized())!
        }
        let dataDirectory = URL(fileURLWithPath: dataRoot).appendingPathComponent(record.name).path
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            return refusal(.initialise, "cannot create its data directory \(dataDirectory): \(error.localizedDescription)")
        }
        free(record.dataDirCString)
        record.dataDirCString = strdup(dataDirectory)!

        var instance: UnsafeMutableRawPointer?
        var error = emptyResponse()
        let context = HostAPITable.context(for: record)
        let status = record.lifecycle(.initialise) {
            record.descriptor.entryPoints.initialise(services.hostTable, context, &instance, &error)
        }
        guard status == AIP_OK else {
            return refusal(.initialise, "init failed (\(HostErrors.codeName(status))): \(takeText(&error))")
        }
        free(error.data)
        record.instance = instance
        record.state = .initialised
        for (index, capability) in record.descriptor.provides.enumerated() where !capability.name.hasSuffix(".*") {
            let kind: CapabilityEntry.Kind = capability.signature.map { .native($0) } ?? .message(index: UInt32(index))
            let entry = CapabilityEntry(name: capability.name, version: capability.version, provider: record, kind: kind,
                                        nativeFunction: capability.nativeFunction?.raw)
            do { try services.registry.register(entry) } catch {
                shutdown(record)
                return refusal(.initialise, "cannot register capability: \(error)")
            }
        }
        // Observed even without a start function (NULL: nothing to do): the step still happens.
        var startError = emptyResponse()
        let started = record.lifecycle(.start) {
            record.descriptor.entryPoints.start.map { start in record.serialised { start(record.instance, &startError) } } ?? AIP_OK
        }
        guard started == AIP_OK else {
            shutdown(record)
            return refusal(.start, "start failed (\(HostErrors.codeName(started))): \(takeText(&startError))")
        }
        free(startError.data)
        record.state = .running
        record.logger.info("started \(record.name) \(record.descriptor.version)")
        return nil
    }

    /// Cancels the record's subscriptions. Subscriptions are owned by plugin name, so the
    /// owner-wide sweep only runs when no other instance of the same plugin (a hot-reload
    /// predecessor or successor) is alive.
    func dropSubscriptions(of record: PluginRecord) {
        for subscription in record.allSubscriptions() where record.forget(subscription: subscription) {
            _ = bus.unsubscribe(SubscriptionID(rawValue: subscription))
        }
        let sibling = lock.withLock { records.contains { $0 !== record && $0.name == record.name && $0.state == .running } }
        if !sibling { bus.unsubscribeAll(owner: record.name) }
    }

    func shutdown(_ record: PluginRecord) {
        dropSubscriptions(of: record)
        record.lifecycle(.shutdown) { record.serialised { record.descriptor.entryPoints.shutdown?(record.instance) } }
    }

    func refuse(_ refusal: PluginRefusal) -> PluginRefusal {
        lock.withLock { refusalLog.append(refusal) }
        logger.error("\(refusal.description)")
        return refusal
    }

    // MARK: Acting as a plugin

    /// The host table every plugin receives.
    public var hostAPI: UnsafePointer<aip_host_api> { HostAPITable.pointer }

    /// The `aip_host_ctx *` of a loaded plugin, to call the host table on its behalf (benchmarks
    /// and test kits measure and exercise exactly what that plugin would see).
    public func pluginContext(named name: String) -> OpaquePointer? {
        lock.withLock { records.first { $0.name == name }.map(HostAPITable.context(for:)) }
    }

    // MARK: Introspection

    public func plugins() -> [PluginSummary] {
        lock.withLock { records.map(summary(of:)) }
    }

    public func capabilities() -> [CapabilityEntry] { services.registry.allEntries() }

    func summary(of record: PluginRecord) -> PluginSummary {
        var summary = PluginSummary(descriptor: record.descriptor, path: record.path, state: record.state.rawValue)
        summary.failure = record.failure
        summary.health = record.state == .running ? record.health : nil
        return summary
    }

    // MARK: Calls from the host side (CLI, tests, benchmarks)

    /// Resolves a capability for repeated calls. Host callers need no permission.
    public func resolve(_ name: String, range: String? = nil) throws(HostCallFailure) -> CapabilityEntry {
        var parsed: VersionRangeBox?
        if let range {
            do { parsed = try VersionRangeBox(parsing: range) } catch {
                throw HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT, message: error.message)
            }
        }
        do { return try services.registry.resolve(name, range: parsed) } catch {
            throw HostCallFailure(registryError: error)
        }
    }

    /// Calls through a resolved entry with raw bytes.
    public func call(_ entry: CapabilityEntry, body: [UInt8], contentType: String = "application/json", caller: String = "host") -> CallResult {
        var response = emptyResponse()
        let status: Int32 = contentType.withCString { cType in
            caller.withCString { cCaller in
                body.withUnsafeBufferPointer { bytes in
                    var request = aip_request()
                    request.struct_size = UInt32(MemoryLayout<aip_request>.size)
                    request.content_type = cType
                    request.data = bytes.baseAddress
                    request.len = bytes.count
                    request.caller = cCaller
                    return entry.invoke(&request, &response)
                }
            }
        }
        let type = response.content_type.map { String(cString: $0) } ?? "application/json"
        let bytes = response.data.map { Array(UnsafeBufferPointer(start: $0, count: response.len)) } ?? []
        free(response.data)
        return CallResult(status: status, contentType: type, body: bytes)
    }

    /// Resolves by name and calls; an unknown capability is a `not_found` result, not a crash.
    public func call(_ name: String, body: [UInt8], contentType: String = "application/json", caller: String = "host") -> CallResult {
        do {
            return call(try resolve(name), body: body, contentType: contentType, caller: caller)
        } catch {
            return CallResult(status: error.status, contentType: "application/json", body: HostErrors.body(status: error.status, error.message))
        }
    }

    /// Calls a native capability with JSON arguments through libffi.
    public func callNative(_ name: String, arguments: String) throws -> JSONValue {
        let entry = try resolve(name)
        return try entry.callNative(jsonArguments: arguments)
    }

    /// Publishes an event as the host (no topic permission applies).
    @discardableResult
    public func publish(topic: String, payload: [UInt8], contentType: String = "application/json") throws(EventBusError) -> Int {
        try EventTopic.validate(topic)
        return bus.publish(topic: topic, contentType: contentType, payload: payload, source: "host")
    }
}

typealias VersionRangeBox = VersionRange

func emptyResponse() -> aip_response {
    var response = aip_response()
    response.struct_size = UInt32(MemoryLayout<aip_response>.size)
    return response
}

/// Reads and frees a response body as text (for error messages).
func takeText(_ response: inout aip_response) -> String {
    defer {
        free(response.data)
        response.data = nil
        response.len = 0
    }
    guard let data = response.data, response.len > 0 else { return "(no error body)" }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: response.len), as: UTF8.self)
    // Prefer the message of a standard {"error":{"message":...}} body.
    if let parsed = try? JSONParser.parse(text), let message = parsed["error"]?["message"]?.stringValue {
        return message
    }
    return text
}
