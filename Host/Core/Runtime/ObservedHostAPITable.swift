import AIPluginABI

/// The host table handed to plugins when the host has a `HostCallObserver`: every function forwards
/// to `HostAPITable` and then reports the call. A separate table (rather than a check inside each
/// `HostAPITable` function) keeps the observer off the hot path of every ordinary host.
enum ObservedHostAPITable {
    // Immutable after first use, like HostAPITable.pointer.
    nonisolated(unsafe) static let pointer: UnsafePointer<aip_host_api> = {
        // Copying the plain table keeps struct_size, the ABI version and alloc/free (which take no
        // context, so there is no plugin to attribute them to).
        var api = plain
        api.log = { ctx, level, message in
            plain.log(ctx, level, message)
            report(ctx, "log")
        }
        api.config_json = { ctx in
            defer { report(ctx, "config_json") }
            return plain.config_json(ctx)
        }
        api.data_dir = { ctx in
            defer { report(ctx, "data_dir") }
            return plain.data_dir(ctx)
        }
        api.lookup = { ctx, name, range, out in
            let status = plain.lookup(ctx, name, range, out)
            report(ctx, "lookup", subject: name.map { String(cString: $0) }, status: status)
            return status
        }
        api.call = { ctx, handle, request, response in
            let status = plain.call(ctx, handle, request, response)
            report(ctx, "call", subject: HostAPITable.entry(handle)?.name, status: status)
            return status
        }
        api.call_by_name = { ctx, name, request, response in
            let status = plain.call_by_name(ctx, name, request, response)
            report(ctx, "call_by_name", subject: name.map { String(cString: $0) }, status: status)
            return status
        }
        api.native = { ctx, handle, function, signature in
            let status = plain.native(ctx, handle, function, signature)
            report(ctx, "native", subject: HostAPITable.entry(handle)?.name, status: status)
            return status
        }
        api.register_capability = { ctx, name, version, handler, userData in
            let status = plain.register_capability(ctx, name, version, handler, userData)
            report(ctx, "register_capability", subject: name.map { String(cString: $0) }, status: status)
            return status
        }
        api.publish = { ctx, topic, contentType, data, length in
            let status = plain.publish(ctx, topic, contentType, data, length)
            report(ctx, "publish", subject: topic.map { String(cString: $0) }, status: status)
            return status
        }
        api.subscribe = { ctx, pattern, options, callback, userData, subscription in
            let status = plain.subscribe(ctx, pattern, options, callback, userData, subscription)
            report(ctx, "subscribe", subject: pattern.map { String(cString: $0) }, status: status)
            return status
        }
        api.unsubscribe = { ctx, subscription in
            let status = plain.unsubscribe(ctx, subscription)
            report(ctx, "unsubscribe", subject: String(subscription), status: status)
            return status
        }
        api.report_health = { ctx, state, message in
            plain.report_health(ctx, state, message)
            report(ctx, "report_health")
        }
        api.has_subscribers = { ctx, topic in
            let answer = plain.has_subscribers(ctx, topic)
            report(ctx, "has_subscribers", subject: topic.map { String(cString: $0) })
            return answer
        }
        let table = UnsafeMutablePointer<aip_host_api>.allocate(capacity: 1)
        table.initialize(to: api)
        return UnsafePointer(table)
    }()

    private static var plain: aip_host_api { HostAPITable.pointer.pointee }

    private static func report(_ ctx: OpaquePointer?, _ function: String, subject: String? = nil, status: Int32? = nil) {
        guard let record = HostAPITable.record(ctx), let observer = record.services.observer else { return }
        observer.pluginCalledHost(ObservedHostCall(plugin: record.name, function: function, subject: subject, status: status))
    }
}

extension HostServices {
    /// The table plugins receive in `init`: the observed one only when someone is watching.
    var hostTable: UnsafePointer<aip_host_api> {
        observer == nil ? HostAPITable.pointer : ObservedHostAPITable.pointer
    }
}

extension PluginRecord {
    /// Runs one of the plugin's lifecycle functions, telling the observer (if any) when the host
    /// enters and leaves it: host-table calls are only judged in or out of order against these.
    func lifecycle<T>(_ function: LifecycleFunction, _ body: () -> T) -> T {
        guard let observer = services.observer else { return body() }
        observer.hostWillCall(function, of: name)
        let result = body()
        observer.hostDidCall(function, of: name, status: result as? Int32)
        return result
    }
}
