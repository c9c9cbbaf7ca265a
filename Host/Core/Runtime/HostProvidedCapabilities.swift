import AIPVersioning
import AIPluginABI
import Foundation
import Logging
import AIPLocking

extension PluginHost {
    /// The provider name callers see for capabilities the host answers itself.
    static let hostProviderName = "host"

    /// Provides a message capability answered by a Swift closure in the host process (test stubs,
    /// host services). Plugins reach it through the same `lookup`/`call` path as a plugin's
    /// capability, and the dependency planner counts it as a provider that is already running, so
    /// a plugin requiring it starts. Call it before `startAll` for requirements to be met.
    ///
    /// The capability stays provided for the life of the host: capability handles are never freed
    /// (see `CapabilityEntry`), so the closure is retained for the life of the process.
    public func provide(_ name: String, version: String = "1.0.0",
                        handler: @escaping @Sendable (HostRequest) -> HostReply) throws(HostCallFailure) {
        guard DescriptorReader.isValidCapabilityName(name) else {
            throw HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT,
                                  message: "capability name '\(name)' is invalid: use lower-case dot-separated segments")
        }
        let semver: SemanticVersion
        do { semver = try SemanticVersion(parsing: version) } catch {
            throw HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT, message: "capability \(name): version \(error.message)")
        }
        try hostProvided.add(name: name, version: semver, handler: HostProvidedHandler(handler),
                             services: services, logger: services.logger)
    }
}

/// The capabilities the host provides itself. Each one gets its own synthetic, always-running
/// provider record: the registry and the dependency planner only know providers as records, and a
/// record's descriptor (what the planner reads) is immutable, so one record per capability lets
/// capabilities be added at any time without touching either.
final class HostProvidedCapabilities: Sendable {
    private let providers = Locked<[PluginRecord]>([])

    /// The synthetic provider records, for the dependency planner's "already running" list.
    var records: [PluginRecord] { providers.withLock { $0 } }

    func add(name: String, version: SemanticVersion, handler: HostProvidedHandler,
             services: HostServices, logger: Logger) throws(HostCallFailure) {
        let conflict: Bool = providers.withLock { providers in
            if providers.contains(where: { $0.descriptor.provides.contains { $0.name == name } }) { return true }
            let record = Self.providerRecord(capability: name, version: version, services: services, logger: logger)
            // Retained on purpose and never released: the entry (and so its user data) lives as
            // long as the process, like every capability handle.
            let userData = Unmanaged.passRetained(handler).toOpaque()
            let entry = CapabilityEntry(name: name, version: version, provider: record, kind: .dynamic,
                                        dynamicHandler: hostProvidedTrampoline, dynamicUserData: userData)
            // Cannot conflict: the record is new and the registry only refuses a second entry of
            // the same name from the same provider.
            try? services.registry.register(entry)
            providers.append(record)
            return false
        }
        if conflict {
            throw HostCallFailure(status: AIP_ERR_CONFLICT, message: "capability \(name) is already provided by the host")
        }
    }

    /// A running, thread-safe record named "host" that declares exactly one capability. Thread-safe
    /// because the handler is a `@Sendable` closure: serialising calls would only hide deadlocks.
    private static func providerRecord(capability: String, version: SemanticVersion, services: HostServices,
                                       logger: Logger) -> PluginRecord {
        let descriptor = PluginDescriptor(
            name: PluginHost.hostProviderName, version: version,
            description: "capability \(capability) answered by the host process",
            abiMajor: Int(AIP_ABI_MAJOR), abiMinor: Int(AIP_ABI_MINOR), threadSafe: true, swiftToolchain: nil,
            provides: [.init(name: capability, version: version, signature: nil, nativeFunction: nil)],
            requirements: [], publishes: [], subscribes: [], configSchema: nil,
            entryPoints: EntryPoints(initialise: neverInitialised, start: nil, stop: nil, shutdown: nil, handle: nil))
        let record = PluginRecord(path: "(host process)", descriptor: descriptor, services: services, logger: logger)
        record.state = .running
        return record
    }
}

/// The Swift closure behind one host-provided capability; its address is the entry's user data.
final class HostProvidedHandler: Sendable {
    let body: @Sendable (HostRequest) -> HostReply

    init(_ body: @escaping @Sendable (HostRequest) -> HostReply) {
        self.body = body
    }

    /// Copies the C request in, runs the closure, and writes its reply the way a plugin must:
    /// body in `host->alloc` memory, content type a string that is never freed.
    func answer(_ request: UnsafePointer<aip_request>, into response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let c = request.pointee
        let body = c.data.map { Array(UnsafeBufferPointer(start: $0, count: c.len)) } ?? []
        let reply = self.body(HostRequest(
            capability: c.capability.map { String(cString: $0) } ?? "",
            contentType: c.content_type.map { String(cString: $0) } ?? "application/json",
            body: body,
            caller: c.caller.map { String(cString: $0) } ?? ""))
        if !reply.body.isEmpty || reply.status == AIP_OK {
            guard let memory = malloc(max(reply.body.count, 1)) else { return AIP_ERR_RESOURCE_EXHAUSTED }
            reply.body.withUnsafeBytes { if let base = $0.baseAddress { memcpy(memory, base, reply.body.count) } }
            response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
            response.pointee.len = reply.body.count
            response.pointee.content_type = ContentTypes.permanent(reply.contentType)
        }
        return reply.status
    }
}

/// The C entry point of every host-provided capability: user data is a retained HostProvidedHandler.
private let hostProvidedTrampoline: aip_dynamic_handler_fn = { userData, request, response in
    guard let userData, let request, let response else { return AIP_ERR_INVALID_ARGUMENT }
    return Unmanaged<HostProvidedHandler>.fromOpaque(userData).takeUnretainedValue().answer(request, into: response)
}

/// The synthetic provider record is never initialised (it is created running), but a descriptor
/// must name an init function.
private let neverInitialised: aip_init_fn = { _, _, _, _ in AIP_ERR_UNSUPPORTED }

extension ContentTypes {
    private static let interned = Locked<[String: UnsafeSendablePointer]>([:])

    /// A NUL-terminated copy of `type` that is never freed, as `aip_response.content_type` must be.
    /// One copy per distinct type, so replies do not leak a string each.
    static func permanent(_ type: String) -> UnsafePointer<CChar> {
        switch type {
        case "application/json": return json
        case "application/octet-stream": return bytes
        default:
            let pointer = interned.withLock { table in
                if let known = table[type] { return known }
                let copy = UnsafeSendablePointer(raw: UnsafeMutableRawPointer(strdup(type)!))
                table[type] = copy
                return copy
            }
            return UnsafePointer(pointer.raw.assumingMemoryBound(to: CChar.self))
        }
    }
}
