import AIPEvents
import AIPVersioning
import AIPluginABI
import Foundation
import Logging

/// The `aip_host_api` table handed to every plugin. One static table serves all plugins: the
/// `aip_host_ctx *` each function receives is the caller's PluginRecord, which identifies it for
/// permissions, log tags and event ownership.
enum HostAPITable {
    // Immutable after first use; the same table is shared by every plugin on every thread.
    nonisolated(unsafe) static let pointer: UnsafePointer<aip_host_api> = {
        var api = aip_host_api()
        api.struct_size = UInt32(MemoryLayout<aip_host_api>.size)
        api.abi_major = UInt16(AIP_ABI_MAJOR)
        api.abi_minor = UInt16(AIP_ABI_MINOR)
        api.log = log
        api.config_json = { ctx in record(ctx).map { UnsafePointer($0.configCString) } }
        api.data_dir = { ctx in record(ctx).map { UnsafePointer($0.dataDirCString) } }
        api.lookup = lookup
        api.call = call
        api.call_by_name = callByName
        api.native = native
        api.register_capability = registerCapability
        api.publish = publish
        api.subscribe = subscribe
        api.unsubscribe = unsubscribe
        api.alloc = { size in malloc(size) }
        api.free = { pointer in free(pointer) }
        api.report_health = reportHealth
        api.has_subscribers = hasSubscribers
        let table = UnsafeMutablePointer<aip_host_api>.allocate(capacity: 1)
        table.initialize(to: api)
        return UnsafePointer(table)
    }()

    static func context(for record: PluginRecord) -> OpaquePointer {
        OpaquePointer(Unmanaged.passUnretained(record).toOpaque())
    }

    @inline(__always) static func record(_ ctx: OpaquePointer?) -> PluginRecord? {
        ctx.map { Unmanaged<PluginRecord>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    @inline(__always) static func entry(_ handle: OpaquePointer?) -> CapabilityEntry? {
        handle.map { Unmanaged<CapabilityEntry>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    private static let log: @convention(c) (OpaquePointer?, aip_log_level, UnsafePointer<CChar>?) -> Void = { ctx, level, message in
        guard let record = record(ctx), let message else { return }
        let text = String(cString: message)
        switch level {
        case AIP_LOG_TRACE: record.logger.trace("\(text)")
        case AIP_LOG_DEBUG: record.logger.debug("\(text)")
        case AIP_LOG_INFO: record.logger.info("\(text)")
        case AIP_LOG_WARNING: record.logger.warning("\(text)")
        default: record.logger.error("\(text)")
        }
    }

    /// Permission check plus registry resolution, shared by lookup and call_by_name.
    static func resolve(for record: PluginRecord, name: String, range rangeText: String?) -> Result<CapabilityEntry, HostCallFailure> {
        guard record.mayCall(name) else {
            record.logger.warning("refused call to undeclared capability \(name)")
            return .failure(HostCallFailure(status: AIP_ERR_PERMISSION_DENIED,
                                            message: "plugin \(record.name) may not call \(name): it is not declared in the plugin's requirements"))
        }
        var range: VersionRange?
        if let rangeText {
            do { range = try VersionRange(parsing: rangeText) } catch {
                return .failure(HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT, message: error.message))
            }
        } else {
            range = record.descriptor.requirements.first { $0.name == name }?.range
        }
        do {
            return .success(try record.services.registry.resolve(name, range: range))
        } catch {
            return .failure(HostCallFailure(registryError: error))
        }
    }

    private static let lookup: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?) -> aip_status = { ctx, name, range, out in
        guard let record = record(ctx), let name, let out else { return AIP_ERR_INVALID_ARGUMENT }
        switch resolve(for: record, name: String(cString: name), range: range.map { String(cString: $0) }) {
        case .success(let entry):
            out.pointee = OpaquePointer(Unmanaged.passUnretained(entry).toOpaque())
            return AIP_OK
        case .failure(let failure):
            record.logger.debug("lookup failed: \(failure.message)")
            return failure.status
        }
    }

    private static let call: @convention(c) (OpaquePointer?, OpaquePointer?, UnsafePointer<aip_request>?, UnsafeMutablePointer<aip_response>?) -> aip_status = { _, handle, request, response in
        guard let entry = entry(handle), let request, let response else { return AIP_ERR_INVALID_ARGUMENT }
        return entry.invoke(request, response)
    }

    private static let callByName: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<aip_request>?, UnsafeMutablePointer<aip_response>?) -> aip_status = { ctx, name, request, response in
        guard let record = record(ctx), let name, let request, let response else { return AIP_ERR_INVALID_ARGUMENT }
        switch resolve(for: record, name: String(cString: name), range: nil) {
        case .success(let entry): return entry.invoke(request, response)
        case .failure(let failure): return HostErrors.write(status: failure.status, failure.message, into: response)
        }
    }

    private static let native: @convention(c) (OpaquePointer?, OpaquePointer?, UnsafeMutablePointer<aip_native_fn?>?, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> aip_status = { _, handle, fn, signature in
        guard let entry = entry(handle) else { return AIP_ERR_INVALID_ARGUMENT }
        guard let function = entry.nativeFunction, let text = entry.signatureCString else { return AIP_ERR_UNSUPPORTED }
        fn?.pointee = unsafeBitCast(function, to: aip_native_fn.self)
        signature?.pointee = UnsafePointer(text)
        return AIP_OK
    }

    private static let registerCapability: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, aip_dynamic_handler_fn?, UnsafeMutableRawPointer?) -> aip_status = { ctx, name, version, handler, userData in
        guard let record = record(ctx), let name, let version, let handler else { return AIP_ERR_INVALID_ARGUMENT }
        let capability = String(cString: name)
        let declared = record.descriptor.provides.contains { declared in
            declared.name == capability || (declared.name.hasSuffix(".*") && capability.hasPrefix(String(declared.name.dropLast())))
        }
        guard declared, DescriptorReader.isValidCapabilityName(capability) else {
            record.logger.warning("refused to register undeclared capability \(capability)")
            return AIP_ERR_PERMISSION_DENIED
        }
        guard let semver = try? SemanticVersion(parsing: String(cString: version)) else { return AIP_ERR_INVALID_ARGUMENT }
        let entry = CapabilityEntry(name: capability, version: semver, provider: record, kind: .dynamic,
                                    dynamicHandler: handler, dynamicUserData: userData)
        do {
            try record.services.registry.register(entry)
            return AIP_OK
        } catch {
            record.logger.warning("cannot register \(capability): \(error)")
            return AIP_ERR_CONFLICT
        }
    }

    private static let publish: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int) -> aip_status = { ctx, topic, contentType, data, length in
        guard let record = record(ctx), let topic, length == 0 || data != nil else { return AIP_ERR_INVALID_ARGUMENT }
        let topicText = String(cString: topic)
        guard record.mayPublish(topicText) else {
            record.logger.warning("refused publish to undeclared or invalid topic \(topicText)")
            return AIP_ERR_PERMISSION_DENIED
        }
        let type = contentType.map { String(cString: $0) } ?? "application/json"
        record.services.bus.publish(topic: topicText, contentType: type,
                                    payload: UnsafeRawBufferPointer(start: data, count: length), source: record.name)
        return AIP_OK
    }

    /// 1 unless a permitted, valid topic has no subscriber: a refused publish must still be tried, so
    /// that it reports its error.
    private static let hasSubscribers: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32 = { ctx, topic in
        guard let record = record(ctx), let topic else { return 1 }
        let topicText = String(cString: topic)
        guard record.mayPublish(topicText) else { return 1 }
        return record.services.bus.hasSubscribers(topic: topicText) ? 1 : 0
    }

    private static let subscribe: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<aip_subscribe_options>?, aip_event_fn?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt64>?) -> aip_status = { ctx, pattern, options, callback, userData, subscription in
        guard let record = record(ctx), let pattern, let callback else { return AIP_ERR_INVALID_ARGUMENT }
        let parsed: TopicPattern
        do { parsed = try TopicPattern(String(cString: pattern)) } catch {
            record.logger.warning("refused subscription: \(error)")
            return AIP_ERR_INVALID_ARGUMENT
        }
        guard record.maySubscribe(parsed) else {
            record.logger.warning("refused subscription to undeclared pattern \(parsed.text)")
            return AIP_ERR_PERMISSION_DENIED
        }
        let subscribeOptions = EventDelivery.options(from: options)
        let target = EventCallback(function: callback, userData: userData)
        let id = record.services.bus.subscribe(parsed, owner: record.name, options: subscribeOptions) { [record] event in
            target.deliver(event, to: record)
        }
        record.remember(subscription: id.rawValue)
        subscription?.pointee = id.rawValue
        return AIP_OK
    }

    private static let unsubscribe: @convention(c) (OpaquePointer?, UInt64) -> aip_status = { ctx, subscription in
        guard let record = record(ctx) else { return AIP_ERR_INVALID_ARGUMENT }
        guard record.forget(subscription: subscription) else { return AIP_ERR_NOT_FOUND }
        _ = record.services.bus.unsubscribe(SubscriptionID(rawValue: subscription))
        return AIP_OK
    }

    private static let reportHealth: @convention(c) (OpaquePointer?, aip_health_state, UnsafePointer<CChar>?) -> Void = { ctx, state, message in
        guard let record = record(ctx) else { return }
        let name = switch state {
        case AIP_HEALTH_OK: "ok"
        case AIP_HEALTH_DEGRADED: "degraded"
        default: "failing"
        }
        record.health = PluginHealth(state: name, message: message.map { String(cString: $0) } ?? "")
    }
}

/// A failed host-side call: the ABI status and a message for the error body.
public struct HostCallFailure: Error, Sendable, CustomStringConvertible {
    public let status: Int32
    public let message: String

    public init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }

    init(registryError: RegistryError) {
        switch registryError {
        case .notFound(let text): self.init(status: AIP_ERR_NOT_FOUND, message: text)
        case .unavailable(let text): self.init(status: AIP_ERR_UNAVAILABLE, message: text)
        case .conflict(let text): self.init(status: AIP_ERR_CONFLICT, message: text)
        case .permissionDenied(let text): self.init(status: AIP_ERR_PERMISSION_DENIED, message: text)
        }
    }

    public var description: String { "\(HostErrors.codeName(status)): \(message)" }

    /// The standard `{"error": {"code", "message"}}` body for this failure.
    public var jsonBody: [UInt8] { HostErrors.body(status: status, message) }
}

/// A plugin's C event callback and its user data.
struct EventCallback: @unchecked Sendable {
    let function: aip_event_fn
    let userData: UnsafeMutableRawPointer?

    func deliver(_ event: BusEvent, to record: PluginRecord) {
        event.topic.withCString { topic in
            event.contentType.withCString { contentType in
                event.source.withCString { source in
                    event.payload.withUnsafeBufferPointer { payload in
                        var cEvent = aip_event()
                        cEvent.struct_size = UInt32(MemoryLayout<aip_event>.size)
                        cEvent.topic = topic
                        cEvent.content_type = contentType
                        cEvent.data = payload.baseAddress
                        cEvent.len = payload.count
                        cEvent.source = source
                        cEvent.sequence = event.sequence
                        cEvent.timestamp_ns = event.timestampNanos
                        record.serialised { function(userData, &cEvent) }
                    }
                }
            }
        }
    }
}

extension EventDelivery {
    /// Converts the C options (nil: sync) into the bus's options.
    static func options(from options: UnsafePointer<aip_subscribe_options>?) -> SubscribeOptions {
        guard let options else { return SubscribeOptions() }
        let o = options.pointee
        var result = SubscribeOptions()
        if o.delivery == UInt32(AIP_DELIVERY_ASYNC) {
            result.delivery = .async
            result.queueCapacity = o.queue_capacity == 0 ? 1024 : Int(min(o.queue_capacity, 1 << 20))
            switch Int32(o.overflow) {
            case AIP_OVERFLOW_DROP_OLDEST: result.overflow = .dropOldest
            case AIP_OVERFLOW_BLOCK: result.overflow = .block(timeoutMillis: o.block_timeout_ms == 0 ? 1000 : Int(o.block_timeout_ms))
            default: result.overflow = .dropNewest
            }
        }
        return result
    }
}

enum EventDelivery {}
