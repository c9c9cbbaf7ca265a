import AIPToolchain
import AIPluginABI
import Foundation
import AIPLocking

/// Opens plugin shared objects. Images are never closed: unloading a Swift image crashes the
/// process at the next type lookup (see docs/abi.md), so a new version must load from a new path.
public enum PluginImageLoader {
    private static let openImages = Locked<[String: UnsafeSendablePointer]>([:])

    /// Validates the file, dlopens it, calls its entry symbol and reads its descriptor.
    public static func open(_ path: String) throws(PluginRefusal) -> PluginDescriptor {
        let (descriptor, _) = try openWithPointer(path)
        return descriptor
    }

    static func openWithPointer(_ path: String) throws(PluginRefusal) -> (PluginDescriptor, UnsafeRawPointer) {
        func refuse(_ stage: PluginRefusal.Stage, _ reason: String) -> PluginRefusal {
            PluginRefusal(path: path, stage: stage, reason: reason)
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw refuse(.file, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw refuse(.file, "is not a regular file") }
        if let problem = ELFInspector.problem(withFileAt: path) {
            throw refuse(.file, problem)
        }
        let handle: UnsafeMutableRawPointer
        if let open = openImages.withLock({ $0[path] }) {
            handle = open.raw
        } else {
            guard let opened = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                throw refuse(.file, "dlopen failed: \(explainDlerror(path: path))")
            }
            handle = opened
            openImages.withLock { $0[path] = UnsafeSendablePointer(raw: opened) }
        }
        guard let symbol = dlsym(handle, AIP_ENTRY_SYMBOL) else {
            throw refuse(.symbol, "has no exported symbol \(AIP_ENTRY_SYMBOL): it is not an AI Platform plugin, or it was built without exporting the entry (C: AIP_EXPORT; Swift: @_cdecl(\"\(AIP_ENTRY_SYMBOL)\"))")
        }
        let entry = unsafeBitCast(symbol, to: aip_entry_fn.self)
        guard let pointer = entry() else {
            throw refuse(.descriptor, "\(AIP_ENTRY_SYMBOL) returned NULL instead of a descriptor")
        }
        let descriptor = try DescriptorReader.read(UnsafeRawPointer(pointer), path: path)
        if let toolchain = descriptor.swiftToolchain, toolchain != SwiftToolchain.version {
            throw PluginRefusal(path: path, plugin: descriptor.name, stage: .toolchain,
                                reason: "was built with Swift \(toolchain) but this host runs Swift \(SwiftToolchain.version); Swift has no stable ABI on Linux, so rebuild the plugin with Swift \(SwiftToolchain.version)")
        }
        return (descriptor, UnsafeRawPointer(pointer))
    }

    /// Turns dlerror's text into a sentence that says what to do.
    private static func explainDlerror(path: String) -> String {
        let text = dlerror().map { String(cString: $0) } ?? "unknown error"
        let detail = text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
        if detail.contains("cannot open shared object file"), !detail.hasPrefix(path) {
            let library = detail.components(separatedBy: ":").first ?? detail
            return "a library it needs is missing (\(library)): install it or fix the plugin's RUNPATH (\(detail))"
        }
        if detail.contains("undefined symbol") {
            return "it references a symbol nothing provides (\(detail)); plugins must reach the host only through the host table"
        }
        return detail
    }
}
