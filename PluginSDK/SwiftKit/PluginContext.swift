import AIPluginABI
import Foundation

/// A resolved capability: look it up once, call it many times.
public struct CapabilityHandle: @unchecked Sendable {
    public let name: String
    let pointer: OpaquePointer
}

/// Host services for one plugin instance: config, data directory, logging, calls, events, health.
/// Valid from `init` until `shutdown` returns; safe to use from any thread.
public final class PluginContext: @unchecked Sendable {
    let api: UnsafePointer<aip_host_api>
    let ctx: OpaquePointer
    public let pluginName: String

    init(api: UnsafePointer<aip_host_api>, ctx: OpaquePointer, pluginName: String) {
        self.api = api
        self.ctx = ctx
        self.pluginName = pluginName
    }

    // MARK: Configuration and files

    /// The plugin's config section as JSON text, validated by the host against the manifest's schema.
    public var configJSON: String { api.pointee.config_json(ctx).map { String(cString: $0) } ?? "{}" }

    /// Decodes the config section; defaults from the schema are already filled in.
    public func config<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONCoders.decoder.decode(T.self, from: Array(configJSON.utf8))
        } catch {
            throw PluginError(.invalidArgument, "config of \(pluginName): \(DecodingErrorText.describe(error))")
        }
    }

    /// A directory private to this plugin, created by the host.
    public var dataDirectory: String { api.pointee.data_dir(ctx).map { String(cString: $0) } ?? "" }

    // MARK: Logging and health

    public enum LogLevel: Sendable { case trace, debug, info, warning, error }

    public func log(_ level: LogLevel, _ message: String) {
        let cLevel: aip_log_level
        switch level {
        case .trace: cLevel = AIP_LOG_TRACE
        case .debug: cLevel = AIP_LOG_DEBUG
        case .info: cLevel = AIP_LOG_INFO
        case .warning: cLevel = AIP_LOG_WARNING
        case .error: cLevel = AIP_LOG_ERROR
        }
        message.withCString { api.pointee.log(ctx, cLevel, $0) }
    }

    public enum Health: Sendable { case ok, degraded, failing }

    public func reportHealth(_ health: Health, _ message: String = "") {
        let state: aip_health_state = switch health {
        case .ok: AIP_HEALTH_OK
        case .degraded: AIP_HEALTH_DEGRADED
        case .failing: AIP_HEALTH_FAILING
        }
        message.withCString { api.pointee.report_health(ctx, state, $0) }
    }

    // MARK: Calling other plugins

    /// Resolves a capability the manifest declares in `requires`.
    public func lookup(_ name: String, versionRange: String? = nil) throws -> CapabilityHandle {
        var handle: OpaquePointer?
        let status = name.withCString { cName in
            if let versionRange {
                return versionRange.withCString { api.pointee.lookup(ctx, cName, $0, &handle) }
            }
            return api.pointee.lookup(ctx, cName, nil, &handle)
        }
        guard status == AIP_OK, let handle else {
            throw PluginError(PluginStatus(code: status), "cannot resolve capability \(name)")
        }
        return CapabilityHandle(name: name, pointer: handle)
    }

    /// Calls through a handle with raw bytes; returns the reply bytes or throws `CallError`.
    public func call(_ handle: CapabilityHandle, body: [UInt8], contentType: String = "application/json") throws -> [UInt8] {
        try invoke(capability: handle.name, body: body, contentType: contentType) { _, request, response in
            api.pointee.call(ctx, handle.pointer, request, response)
        }
    }

    /// Calls by name (pays a lookup per call; prefer `lookup` + `call` on hot paths).
    public func call(_ name: String, body: [UInt8], contentType: String = "application/json") throws -> [UInt8] {
        try invoke(capability: name, body: body, contentType: contentType) { cName, request, response in
            api.pointee.call_by_name(ctx, cName, request, response)
        }
    }

    /// Codable in, Codable out, through a handle.
    public func call<Input: Encodable, Output: Decodable>(_ handle: CapabilityHandle, _ input: Input, as: Output.Type = Output.self) throws -> Output {
        let reply = try call(handle, body: try JSONCoders.encoder.encode(input))
        return try JSONCoders.decoder.decode(Output.self, from: reply)
    }

    /// Codable in, Codable out, by name.
    public func call<Input: Encodable, Output: Decodable>(_ name: String, _ input: Input, as: Output.Type = Output.self) throws -> Output {
        let reply = try call(name, body: try JSONCoders.encoder.encode(input))
        return try JSONCoders.decoder.decode(Output.self, from: reply)
    }

    private func invoke(capability: String, body: [UInt8], contentType: String,
                        _ perform: (UnsafePointer<CChar>, UnsafePointer<aip_request>, UnsafeMutablePointer<aip_response>) -> aip_status) throws -> [UInt8] {
        try body.withUnsafeBytes { bytes in
            try exchange(capability: capability, bytes: bytes, contentType: contentType, perform: perform) { status, _, reply in
                guard status == .ok else {
                    throw CallError(capability: capability, status: status, body: String(decoding: reply, as: UTF8.self))
                }
                return Array(reply)
            }
        }
    }

    // MARK: Events

    /// Publishes to a topic the manifest declares in `publishes`.
    public func publish(_ topic: String, bytes: [UInt8], contentType: String = "application/json") throws {
        let status = topic.withCString { cTopic in
            contentType.withCString { cType in
                bytes.withUnsafeBufferPointer { api.pointee.publish(ctx, cTopic, cType, $0.baseAddress, $0.count) }
            }
        }
        guard status == AIP_OK else {
            throw PluginError(PluginStatus(code: status), "cannot publish to \(topic)")
        }
    }

    /// Whether a publish to `topic` now would reach any subscriber, so that a costly payload nobody
    /// reads need not be built. True when the host cannot tell (process isolation, or a host table
    /// too short to have the function) or when the topic is not this plugin's to publish (the publish reports that).
    /// Ask before each publish: subscriptions come and go.
    public func hasSubscribers(_ topic: String) -> Bool {
        guard Self.hostHasSubscribersQuery(api), let query = api.pointee.has_subscribers else { return true }
        return topic.withCString { query(ctx, $0) } != 0
    }

    /// Whether the host table reaches `has_subscribers` (ABI 1.1).
    static func hostHasSubscribersQuery(_ api: UnsafePointer<aip_host_api>) -> Bool {
        let end = MemoryLayout<aip_host_api>.offset(of: \aip_host_api.has_subscribers)! + MemoryLayout<UnsafeRawPointer>.size
        return Int(api.pointee.struct_size) >= end
    }

    public func publish<T: Encodable>(_ topic: String, json value: T) throws {
        try publish(topic, bytes: try JSONCoders.encoder.encode(value))
    }

    /// Subscribes to a pattern covered by the manifest's `subscribes`. Returns the subscription id.
    @discardableResult
    public func subscribe(_ pattern: String, delivery: EventDelivery = .sync,
                          handler: @escaping @Sendable (EventMessage) -> Void) throws -> UInt64 {
        let box = Unmanaged.passRetained(EventHandlerBox(handler))
        var options = aip_subscribe_options()
        options.struct_size = UInt32(MemoryLayout<aip_subscribe_options>.size)
        switch delivery {
        case .sync:
            options.delivery = UInt32(AIP_DELIVERY_SYNC)
        case .async(let capacity, let overflow):
            options.delivery = UInt32(AIP_DELIVERY_ASYNC)
            options.queue_capacity = UInt32(capacity)
            options.overflow = overflow.code
        }
        var subscription: UInt64 = 0
        let status = pattern.withCString { cPattern in
            api.pointee.subscribe(ctx, cPattern, &options, eventTrampoline, box.toOpaque(), &subscription)
        }
        guard status == AIP_OK else {
            box.release()
            throw PluginError(PluginStatus(code: status), "cannot subscribe to \(pattern)")
        }
        return subscription
    }

    public func unsubscribe(_ subscription: UInt64) {
        _ = api.pointee.unsubscribe(ctx, subscription)
    }
}

/// How events reach a subscriber.
public enum EventDelivery: Sendable {
    case sync
    case async(queueCapacity: Int, overflow: Overflow)

    public enum Overflow: Sendable {
        case dropNewest, dropOldest, block(timeoutMillis: Int)
        var code: UInt32 {
            switch self {
            case .dropNewest: return UInt32(AIP_OVERFLOW_DROP_NEWEST)
            case .dropOldest: return UInt32(AIP_OVERFLOW_DROP_OLDEST)
            case .block: return UInt32(AIP_OVERFLOW_BLOCK)
            }
        }
    }
}

/// An event as a Swift subscriber sees it (copied out of the host's buffers).
public struct EventMessage: Sendable {
    public let topic: String
    public let contentType: String
    public let payload: [UInt8]
    public let source: String
    public let sequence: UInt64
    public let timestampNanos: Int64

    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONCoders.decoder.decode(T.self, from: payload)
    }
}

final class EventHandlerBox: Sendable {
    let handler: @Sendable (EventMessage) -> Void
    init(_ handler: @escaping @Sendable (EventMessage) -> Void) { self.handler = handler }
}

private let eventTrampoline: aip_event_fn = { userData, event in
    guard let userData, let event else { return }
    let box = Unmanaged<EventHandlerBox>.fromOpaque(userData).takeUnretainedValue()
    let e = event.pointee
    let message = EventMessage(
        topic: e.topic.map { String(cString: $0) } ?? "",
        contentType: e.content_type.map { String(cString: $0) } ?? "application/json",
        payload: e.data.map { Array(UnsafeBufferPointer(start: $0, count: e.len)) } ?? [],
        source: e.source.map { String(cString: $0) } ?? "",
        sequence: e.sequence,
        timestampNanos: e.timestamp_ns)
    box.handler(message)
}
