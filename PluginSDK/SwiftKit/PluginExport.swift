import AIPToolchain
import AIPluginABI
import Foundation

/// Builds the C descriptor for a Swift plugin type and bridges the ABI's C functions to it.
public enum PluginExport {
    /// The descriptor for `type`, built once. Call it from your `aip_plugin_entry`.
    public static func descriptor<P: AIPPlugin>(for type: P.Type) -> UnsafeRawPointer {
        exportLock.lock()
        defer { exportLock.unlock() }
        if let exported { return UnsafeRawPointer(exported.descriptor) }
        let descriptor = DescriptorBuilder.build(P.manifest)
        exported = ExportedPlugin(type: P.self, manifest: P.manifest, descriptor: descriptor)
        return UnsafeRawPointer(descriptor)
    }
}

struct ExportedPlugin {
    let type: any AIPPlugin.Type
    let manifest: PluginManifest
    let descriptor: UnsafeMutablePointer<aip_plugin_descriptor>
}

// One plugin per shared object: each .so statically contains its own copy of this kit, so this
// global belongs to exactly one plugin. The library is never unloaded, so nothing here is freed.
nonisolated(unsafe) var exported: ExportedPlugin?
let exportLock = NSLock()

/// Owns the C strings and arrays of the descriptor (kept for the life of the process).
enum DescriptorBuilder {
    static func build(_ manifest: PluginManifest) -> UnsafeMutablePointer<aip_plugin_descriptor> {
        var d = aip_plugin_descriptor()
        d.struct_size = UInt32(MemoryLayout<aip_plugin_descriptor>.size)
        d.abi_major = UInt16(AIP_ABI_MAJOR)
        d.abi_minor = UInt16(AIP_ABI_MINOR)
        d.name = permanent(manifest.name)
        d.version = permanent(manifest.version)
        d.description = permanent(manifest.description)
        d.flags = manifest.threadSafe ? UInt32(AIP_PLUGIN_THREAD_SAFE) : 0
        d.swift_toolchain = permanent(SwiftToolchain.version)
        d.provides = permanentArray(manifest.provides.map { capability in
            var decl = aip_capability_decl()
            decl.struct_size = UInt32(MemoryLayout<aip_capability_decl>.size)
            decl.name = permanent(capability.name)
            decl.version = permanent(capability.version)
            decl.signature = capability.native.map { permanent($0.signature) }
            decl.native_fn = capability.native.map { unsafeBitCast($0.pointer, to: aip_native_fn.self) }
            return decl
        })
        d.provides_count = manifest.provides.count
        d.requirements = permanentArray(manifest.requires.map { requirement in
            var entry = aip_requirement()
            entry.struct_size = UInt32(MemoryLayout<aip_requirement>.size)
            entry.name = permanent(requirement.name)
            entry.version_range = requirement.versionRange.map(permanent)
            entry.flags = requirement.optional ? UInt32(AIP_REQUIRE_OPTIONAL) : 0
            return entry
        })
        d.requirements_count = manifest.requires.count
        d.publishes = permanentArray(manifest.publishes.map { UnsafePointer(permanent($0)) })
        d.publishes_count = manifest.publishes.count
        d.subscribes = permanentArray(manifest.subscribes.map { UnsafePointer(permanent($0)) })
        d.subscribes_count = manifest.subscribes.count
        d.config_schema = manifest.configSchema.map(permanent)
        d.`init` = Trampolines.initialise
        d.start = Trampolines.start
        d.stop = Trampolines.stop
        d.shutdown = Trampolines.shutdown
        d.handle = Trampolines.handle
        let pointer = UnsafeMutablePointer<aip_plugin_descriptor>.allocate(capacity: 1)
        pointer.initialize(to: d)
        return pointer
    }

    private static func permanent(_ text: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(text)!)
    }

    private static func permanentArray<T>(_ items: [T]) -> UnsafePointer<T>? {
        guard !items.isEmpty else { return nil }
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: items.count)
        pointer.initialize(from: items, count: items.count)
        return UnsafePointer(pointer)
    }
}
