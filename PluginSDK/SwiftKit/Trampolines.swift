import AIPluginABI
import Foundation

/// The live plugin behind the `instance` pointer the host passes back to us.
final class InstanceBox {
    let plugin: any AIPPlugin
    let context: PluginContext
    /// Indexed like the descriptor's `provides`; nil for native capabilities.
    let handlers: [CapabilityHandler?]
    let capabilityNames: [String]

    init(plugin: any AIPPlugin, context: PluginContext, handlers: [CapabilityHandler?], capabilityNames: [String]) {
        self.plugin = plugin
        self.context = context
        self.handlers = handlers
        self.capabilityNames = capabilityNames
    }
}

/// C entry points of the descriptor. Every Swift error is caught here and becomes a status code.
enum Trampolines {
    static let initialise: aip_init_fn = { api, ctx, instanceOut, errorOut in
        guard let api, let ctx, let instanceOut, let exported else { return aip_status(AIP_ERR_INVALID_ARGUMENT) }
        let manifest = exported.manifest
        let context = PluginContext(api: api, ctx: ctx, pluginName: manifest.name)
        do {
            let plugin = try exported.type.init(context: context)
            let table = plugin.handlers
            var handlers: [CapabilityHandler?] = []
            for capability in manifest.provides {
                if capability.native != nil {
                    handlers.append(nil)
                } else if let handler = table[capability.name] {
                    handlers.append(handler)
                } else {
                    throw PluginError(.internal, "plugin \(manifest.name) declares capability \(capability.name) but has no handler for it")
                }
            }
            let box = InstanceBox(plugin: plugin, context: context, handlers: handlers,
                                  capabilityNames: manifest.provides.map(\.name))
            instanceOut.pointee = Unmanaged.passRetained(box).toOpaque()
            return aip_status(AIP_OK)
        } catch {
            return fail(error, into: errorOut, api: api)
        }
    }

    static let start: aip_start_fn = { instance, error in
        guard let box = unbox(instance) else { return aip_status(AIP_ERR_INVALID_ARGUMENT) }
        do {
            try box.plugin.start()
            return aip_status(AIP_OK)
        } catch let thrown {
            return fail(thrown, into: error, api: box.context.api)
        }
    }

    static let stop: aip_stop_fn = { instance, error in
        guard let box = unbox(instance) else { return aip_status(AIP_ERR_INVALID_ARGUMENT) }
        do {
            try box.plugin.stop()
            return aip_status(AIP_OK)
        } catch let thrown {
            return fail(thrown, into: error, api: box.context.api)
        }
    }

    static let shutdown: aip_shutdown_fn = { instance in
        guard let instance else { return }
        let box = Unmanaged<InstanceBox>.fromOpaque(instance)
        box.takeUnretainedValue().plugin.shutdown()
        box.release()
    }

    static let handle: aip_handle_fn = { instance, request, response in
        guard let box = unbox(instance), let request, let response else { return aip_status(AIP_ERR_INVALID_ARGUMENT) }
        let index = Int(request.pointee.capability_index)
        guard index < box.handlers.count, let handler = box.handlers[index] else {
            return fail(PluginError(.notFound, "no message handler for capability index \(index)"), into: response, api: box.context.api)
        }
        let call = IncomingCall(capability: box.capabilityNames[index],
                                body: UnsafeRawBufferPointer(start: request.pointee.data, count: request.pointee.len),
                                contentType: request.pointee.content_type, caller: request.pointee.caller)
        do {
            let reply = try handler.body(call)
            return send(reply, into: response, api: box.context.api)
        } catch {
            return fail(error, into: response, api: box.context.api)
        }
    }

    private static func unbox(_ instance: UnsafeMutableRawPointer?) -> InstanceBox? {
        instance.map { Unmanaged<InstanceBox>.fromOpaque($0).takeUnretainedValue() }
    }

    private static func send(_ reply: Reply, into response: UnsafeMutablePointer<aip_response>, api: UnsafePointer<aip_host_api>) -> aip_status {
        let status: aip_status
        switch reply.storage {
        case .bytes(let bytes):
            status = bytes.withUnsafeBytes { write($0, into: response, api: api) }
        case .borrowed(let buffer):
            status = write(buffer, into: response, api: api)
        }
        if status == AIP_OK {
            response.pointee.content_type = UnsafeRawPointer(reply.contentType.utf8Start).assumingMemoryBound(to: CChar.self)
        }
        return status
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, into response: UnsafeMutablePointer<aip_response>, api: UnsafePointer<aip_host_api>) -> aip_status {
        guard let memory = api.pointee.alloc(max(bytes.count, 1)) else { return aip_status(AIP_ERR_RESOURCE_EXHAUSTED) }
        if let base = bytes.baseAddress, bytes.count > 0 { memcpy(memory, base, bytes.count) }
        response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
        response.pointee.len = bytes.count
        return aip_status(AIP_OK)
    }

    /// Writes the JSON error body for `error` and returns its status.
    private static func fail(_ error: Error, into response: UnsafeMutablePointer<aip_response>?, api: UnsafePointer<aip_host_api>) -> aip_status {
        let pluginError: PluginError
        switch error {
        case let known as PluginError: pluginError = known
        case is DecodingError: pluginError = PluginError(.invalidArgument, DecodingErrorText.describe(error))
        case let call as CallError: pluginError = PluginError(call.status, call.description)
        default: pluginError = PluginError(.internal, "\(error)")
        }
        if let response {
            response.pointee.data = nil
            response.pointee.len = 0
            let body = pluginError.jsonBody
            if body.withUnsafeBytes({ write($0, into: response, api: api) }) == AIP_OK {
                response.pointee.content_type = UnsafeRawPointer(("application/json" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
            }
        }
        return pluginError.status == .ok ? aip_status(AIP_ERR_INTERNAL) : pluginError.status.rawValue
    }
}
