import AIPluginABI

/// A native capability's C function, resolved through the host: call it directly, without JSON
/// or a message round trip, after casting it to the signature's C type.
public struct NativeCapability: @unchecked Sendable {
    public let name: String
    /// As the provider declared it, e.g. `i32(str,str,str)`.
    public let signature: String
    public let pointer: UnsafeRawPointer

    /// The function as `F`, a `@convention(c)` type matching `signature`.
    public func function<F>(as type: F.Type) -> F { unsafeBitCast(pointer, to: F.self) }
}

extension PluginContext {
    /// The C function behind a resolved native capability (`aip_host_api.native`). Throws
    /// `unsupported` when the capability is a message capability, which is also what a native
    /// capability becomes when its provider runs in process isolation (functions do not cross
    /// processes), so callers keep a message call as their fallback. With `signature`, a
    /// provider declaring another signature is refused too: casting to the wrong C type would
    /// crash.
    public func native(_ handle: CapabilityHandle, signature expected: String? = nil) throws -> NativeCapability {
        // `native` is part of ABI 1.0, but a host table is only trusted as far as its size says.
        let end = MemoryLayout<aip_host_api>.offset(of: \aip_host_api.native)! + MemoryLayout<UnsafeRawPointer>.size
        guard Int(api.pointee.struct_size) >= end, let lookup = api.pointee.native else {
            throw PluginError(.unsupported, "the host offers no native lookup for \(handle.name)")
        }
        var function: aip_native_fn?
        var cSignature: UnsafePointer<CChar>?
        let status = lookup(ctx, handle.pointer, &function, &cSignature)
        guard status == AIP_OK, let function else {
            throw PluginError(PluginStatus(code: status),
                              "\(handle.name) is not callable natively here (a message capability, or its provider runs in another process)")
        }
        let signature = cSignature.map { String(cString: $0) } ?? ""
        if let expected, Self.compact(signature) != Self.compact(expected) {
            throw PluginError(.unsupported, "\(handle.name) has the native signature \(signature), not \(expected)")
        }
        return NativeCapability(name: handle.name, signature: signature, pointer: unsafeBitCast(function, to: UnsafeRawPointer.self))
    }

    private static func compact(_ signature: String) -> String { signature.filter { $0 != " " } }
}
