import AIPConfig
import AIPVersioning
import AIPluginABI
import Foundation

/// One provider of one capability. Its address is the `aip_capability *` handle callers hold, so
/// entries are never freed: a handle stays valid for the process's life, and calls through it
/// answer `unavailable` once the provider stops.
public final class CapabilityEntry: @unchecked Sendable {
    public enum Kind: Sendable {
        case message(index: UInt32)
        case dynamic
        case native(NativeSignature)
    }

    public let name: String
    public let version: SemanticVersion
    public let kind: Kind
    let provider: PluginRecord
    let nameCString: UnsafeMutablePointer<CChar>
    private let handleFunction: aip_handle_fn?
    private let dynamicHandler: aip_dynamic_handler_fn?
    private let dynamicUserData: UnsafeMutableRawPointer?
    let nativeFunction: UnsafeMutableRawPointer?
    let signatureCString: UnsafeMutablePointer<CChar>?
    private let messageIndex: UInt32
    private var nativeCaller: NativeCaller?
    /// Calls, errors and latency through this entry (kept on an instrumented host only).
    let stats = CallStats()

    init(name: String, version: SemanticVersion, provider: PluginRecord, kind: Kind,
         dynamicHandler: aip_dynamic_handler_fn? = nil, dynamicUserData: UnsafeMutableRawPointer? = nil,
         nativeFunction: UnsafeMutableRawPointer? = nil) {
        self.name = name
        self.version = version
        self.provider = provider
        self.kind = kind
        self.nameCString = strdup(name)!
        self.handleFunction = provider.descriptor.entryPoints.handle
        self.dynamicHandler = dynamicHandler
        self.dynamicUserData = dynamicUserData
        self.nativeFunction = nativeFunction
        if case .native(let signature) = kind {
            signatureCString = strdup(signature.description)!
            nativeCaller = nativeFunction.flatMap { try? NativeCaller(signature: signature, function: $0) }
        } else {
            signatureCString = nil
        }
        if case .message(let index) = kind { messageIndex = index } else { messageIndex = 0 }
    }

    public var providerName: String { provider.name }
    /// For a native capability, the C function itself, for callers that know its signature.
    public var nativeFunctionPointer: UnsafeMutableRawPointer? { nativeFunction }
    public var isNative: Bool { if case .native = kind { return true } else { return false } }
    public var signature: NativeSignature? { if case .native(let signature) = kind { return signature } else { return nil } }

    /// Calls through this entry exactly as `aip_host_api.call` does: for tools that hold a
    /// resolved handle (benchmarks, test kits). `response` must be zeroed with struct_size set;
    /// the caller frees `response.data` with `free`.
    public func call(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> Int32 {
        invoke(request, response)
    }

    /// The hot path: one state check, the plugin's lock if it needs one, one indirect call.
    @inline(__always)
    func invoke(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        if provider.services.instrumented.load(ordering: .relaxed) { return invokeInstrumented(request, response) }
        guard provider.isRunning else { return notRunning(request, response) }
        return invokeRunning(request, response)
    }

    /// Counts the call in flight before checking the state (see `PluginRecord.isRunningOrdered`),
    /// and records its status and duration.
    private func invokeInstrumented(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let started = CallStats.now()
        provider.inFlight.add(1, ordering: .sequentiallyConsistent)
        guard provider.isRunningOrdered else {
            provider.inFlight.subtract(1, ordering: .sequentiallyConsistent)
            return notRunning(request, response)
        }
        let status = invokeRunning(request, response)
        provider.inFlight.subtract(1, ordering: .sequentiallyConsistent)
        stats.record(status: status, nanoseconds: CallStats.now() &- started)
        return status
    }

    /// A replaced provider forwards to the instance that replaced it (so handles held across a hot
    /// reload keep working); any other stopped provider answers `unavailable`.
    private func notRunning(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        if provider.successor.withLock({ $0 }) != nil,
           let current = try? provider.services.registry.resolve(name, range: nil), current !== self {
            return current.invoke(request, response)
        }
        return HostErrors.write(status: AIP_ERR_UNAVAILABLE,
                                "capability \(name): plugin \(provider.name) is \(provider.state.rawValue)", into: response)
    }

    @inline(__always)
    private func invokeRunning(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        var routed = request.pointee
        routed.capability_index = messageIndex
        routed.capability = UnsafePointer(nameCString)
        switch kind {
        case .message:
            guard let handleFunction else {
                return HostErrors.write(status: AIP_ERR_UNSUPPORTED, "capability \(name) has no message handler", into: response)
            }
            let instance = provider.instance
            if let lock = provider.callLock {
                lock.lock()
                defer { lock.unlock() }
                return handleFunction(instance, &routed, response)
            }
            return handleFunction(instance, &routed, response)
        case .dynamic:
            guard let dynamicHandler else {
                return HostErrors.write(status: AIP_ERR_UNSUPPORTED, "capability \(name) has no handler", into: response)
            }
            return provider.serialised { dynamicHandler(dynamicUserData, &routed, response) }
        case .native(let signature):
            return invokeNative(signature, request: request, response: response)
        }
    }

    /// A message call to a native capability: the payload is a JSON array of arguments.
    private func invokeNative(_ signature: NativeSignature, request: UnsafePointer<aip_request>,
                              response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let body = UnsafeRawBufferPointer(start: request.pointee.data, count: request.pointee.len)
        do {
            let result = try callNative(jsonArguments: String(decoding: body, as: UTF8.self))
            return HostErrors.reply(Array(result.serialized().utf8), into: response)
        } catch let error as NativeCallError {
            return HostErrors.write(status: AIP_ERR_INVALID_ARGUMENT, "capability \(name) (\(signature)): \(error.message)", into: response)
        } catch {
            return HostErrors.write(status: AIP_ERR_INTERNAL, "capability \(name): \(error)", into: response)
        }
    }

    /// Generic native call with JSON arguments (`[1, 2]`, or `{}`/empty for no arguments).
    func callNative(jsonArguments: String) throws -> JSONValue {
        guard let nativeCaller else { throw NativeCallError("capability \(name) is not a native function") }
        let text = jsonArguments.trimmingCharacters(in: .whitespacesAndNewlines)
        let arguments: [JSONValue]
        if text.isEmpty || text == "{}" || text == "null" {
            arguments = []
        } else {
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(text, source: "arguments of \(name)") } catch {
                throw NativeCallError("arguments are not valid JSON: \(error)")
            }
            guard case .array(let values) = parsed else {
                throw NativeCallError("arguments must be a JSON array such as [1, 2], got \(parsed.typeName)")
            }
            arguments = values
        }
        guard provider.isRunning else {
            throw NativeCallError("plugin \(provider.name) is \(provider.state.rawValue)")
        }
        return try nativeCaller.call(arguments) { body in provider.serialised(body) }
    }
}
