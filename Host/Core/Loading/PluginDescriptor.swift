import AIPEvents
import AIPVersioning
import AIPluginABI

/// A Swift copy of a plugin's C descriptor, validated. Strings are copied out of the library
/// so that nothing here depends on the plugin's memory.
public struct PluginDescriptor: Sendable {
    public struct Capability: Sendable {
        public let name: String
        public let version: SemanticVersion
        /// Native signature, or nil for a message capability.
        public let signature: NativeSignature?
        let nativeFunction: UnsafeSendablePointer?
        public var isNative: Bool { signature != nil }
    }

    public struct Requirement: Sendable {
        public let name: String
        public let range: VersionRange?
        public let optional: Bool
        /// A `prefix.*` entry: permission for a family of capabilities, never a dependency. `*`
        /// alone is the family of every capability (a gateway such as the http plugin).
        public var isFamily: Bool { name == "*" || name.hasSuffix(".*") }

        func permits(_ capability: String) -> Bool {
            if name == "*" { return true }
            return isFamily ? capability.hasPrefix(String(name.dropLast())) : capability == name
        }

        public var rangeText: String { range?.text ?? "*" }
    }

    public let name: String
    public let version: SemanticVersion
    public let description: String
    public let abiMajor: Int
    public let abiMinor: Int
    public let threadSafe: Bool
    public let swiftToolchain: String?
    public let provides: [Capability]
    public let requirements: [Requirement]
    public let publishes: [TopicPattern]
    public let subscribes: [TopicPattern]
    public let configSchema: String?
    let entryPoints: EntryPoints

    public var language: String { swiftToolchain == nil ? "c" : "swift" }
}

/// The descriptor's function pointers.
struct EntryPoints: @unchecked Sendable {
    let initialise: aip_init_fn
    let start: aip_start_fn?
    let stop: aip_stop_fn?
    let shutdown: aip_shutdown_fn?
    let handle: aip_handle_fn?
}

/// A raw pointer into a loaded library that stays valid for the life of the process.
struct UnsafeSendablePointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Reads and validates the C descriptor; each failure is a refusal with the exact reason.
enum DescriptorReader {
    /// Size of the ABI 1.0 descriptor: anything smaller cannot hold the fields 1.0 promises.
    static let minimumSize = MemoryLayout<aip_plugin_descriptor>.size

    static func read(_ pointer: UnsafeRawPointer, path: String) throws(PluginRefusal) -> PluginDescriptor {
        // The first 8 bytes (struct_size, abi_major, abi_minor) are the same in every ABI version.
        let size = Int(pointer.loadUnaligned(as: UInt32.self))
        let major = Int(pointer.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        let minor = Int(pointer.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        func refuse(_ stage: PluginRefusal.Stage, _ reason: String, plugin: String? = nil) -> PluginRefusal {
            PluginRefusal(path: path, plugin: plugin, stage: stage, reason: reason)
        }
        guard major == Int(AIP_ABI_MAJOR) else {
            throw refuse(.abi, "built for plugin ABI \(major).\(minor); this host implements ABI \(AIP_ABI_MAJOR).\(AIP_ABI_MINOR) and cannot load another major version")
        }
        guard minor <= Int(AIP_ABI_MINOR) else {
            throw refuse(.abi, "needs plugin ABI \(major).\(minor) but this host implements only \(AIP_ABI_MAJOR).\(AIP_ABI_MINOR); upgrade the host")
        }
        guard size >= minimumSize else {
            throw refuse(.descriptor, "descriptor struct_size is \(size) bytes, smaller than the ABI 1.0 descriptor (\(minimumSize) bytes): the plugin was built against a broken or foreign header")
        }
        let d = pointer.assumingMemoryBound(to: aip_plugin_descriptor.self).pointee
        guard let cName = d.name else { throw refuse(.descriptor, "descriptor has no name") }
        let name = String(cString: cName)
        guard isValidPluginName(name) else {
            throw refuse(.descriptor, "plugin name '\(name)' is invalid: use [a-z0-9][a-z0-9._-]* (at most 64 characters)")
        }
        func refuseNamed(_ stage: PluginRefusal.Stage, _ reason: String) -> PluginRefusal {
            refuse(stage, reason, plugin: name)
        }
        let versionText = d.version.map { String(cString: $0) } ?? ""
        let version: SemanticVersion
        do { version = try SemanticVersion(parsing: versionText) } catch {
            throw refuseNamed(.descriptor, "version \(error.message)")
        }
        guard let initialise = d.`init` else { throw refuseNamed(.descriptor, "descriptor has no init function") }

        let provides = try readCapabilities(d, refuse: refuseNamed)
        if provides.contains(where: { !$0.isNative }), d.handle == nil {
            throw refuseNamed(.descriptor, "provides message capabilities but has no handle function")
        }
        let requirements = try readRequirements(d, refuse: refuseNamed)
        let publishes = try readPatterns(d.publishes, d.publishes_count, field: "publishes", refuse: refuseNamed)
        let subscribes = try readPatterns(d.subscribes, d.subscribes_count, field: "subscribes", refuse: refuseNamed)

        return PluginDescriptor(
            name: name, version: version,
            description: d.description.map { String(cString: $0) } ?? "",
            abiMajor: major, abiMinor: minor,
            threadSafe: d.flags & UInt32(AIP_PLUGIN_THREAD_SAFE) != 0,
            swiftToolchain: d.swift_toolchain.map { String(cString: $0) },
            provides: provides, requirements: requirements,
            publishes: publishes, subscribes: subscribes,
            configSchema: d.config_schema.map { String(cString: $0) },
            entryPoints: EntryPoints(initialise: initialise, start: d.start, stop: d.stop, shutdown: d.shutdown, handle: d.handle))
    }

    static func isValidPluginName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64,
              ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    static func isValidCapabilityName(_ name: String) -> Bool {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { segment in
            !segment.isEmpty && segment.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
        }
    }

    /// Arrays of structs are strided by the element's own struct_size, so a plugin built with a
    /// later minor (larger elements) is still read correctly.
    private static func elements<T>(_ base: UnsafePointer<T>?, count: Int, field: String,
                                    refuse: (PluginRefusal.Stage, String) -> PluginRefusal) throws(PluginRefusal) -> [T] {
        guard count > 0 else { return [] }
        guard let base else { throw refuse(.descriptor, "\(field)_count is \(count) but \(field) is NULL") }
        guard count <= 4096 else { throw refuse(.descriptor, "\(field)_count \(count) is implausibly large") }
        let stride = Int(UnsafeRawPointer(base).loadUnaligned(as: UInt32.self))
        guard stride >= MemoryLayout<T>.size else {
            throw refuse(.descriptor, "\(field) entries have struct_size \(stride), smaller than ABI 1.0's \(MemoryLayout<T>.size)")
        }
        return (0..<count).map { index in
            UnsafeRawPointer(base).advanced(by: index * stride).assumingMemoryBound(to: T.self).pointee
        }
    }

    private static func readCapabilities(_ d: aip_plugin_descriptor,
                                         refuse: (PluginRefusal.Stage, String) -> PluginRefusal) throws(PluginRefusal) -> [PluginDescriptor.Capability] {
        var seen = Set<String>()
        var result: [PluginDescriptor.Capability] = []
        for decl in try elements(d.provides, count: d.provides_count, field: "provides", refuse: refuse) {
            guard let cName = decl.name else { throw refuse(.descriptor, "a provided capability has no name") }
            let name = String(cString: cName)
            guard isValidCapabilityName(name) || (name.hasSuffix(".*") && isValidCapabilityName(String(name.dropLast(2)))) else {
                throw refuse(.descriptor, "capability name '\(name)' is invalid: use lower-case dot-separated segments")
            }
            guard seen.insert(name).inserted else { throw refuse(.descriptor, "capability \(name) is declared twice") }
            let versionText = decl.version.map { String(cString: $0) } ?? ""
            let version: SemanticVersion
            do { version = try SemanticVersion(parsing: versionText) } catch {
                throw refuse(.descriptor, "capability \(name): version \(error.message)")
            }
            var signature: NativeSignature?
            if let cSignature = decl.signature {
                guard decl.native_fn != nil else {
                    throw refuse(.descriptor, "capability \(name) has a signature but no native function")
                }
                do { signature = try NativeSignature(parsing: String(cString: cSignature)) } catch {
                    throw refuse(.descriptor, "capability \(name): \(error.description)")
                }
            } else if decl.native_fn != nil {
                throw refuse(.descriptor, "capability \(name) has a native function but no signature")
            }
            result.append(.init(name: name, version: version, signature: signature,
                                nativeFunction: decl.native_fn.map { UnsafeSendablePointer(raw: unsafeBitCast($0, to: UnsafeMutableRawPointer.self)) }))
        }
        return result
    }

    private static func readRequirements(_ d: aip_plugin_descriptor,
                                         refuse: (PluginRefusal.Stage, String) -> PluginRefusal) throws(PluginRefusal) -> [PluginDescriptor.Requirement] {
        try elements(d.requirements, count: d.requirements_count, field: "requirements", refuse: refuse).map { (entry) throws(PluginRefusal) in
            guard let cName = entry.name else { throw refuse(.descriptor, "a requirement has no name") }
            let name = String(cString: cName)
            let base = name.hasSuffix(".*") ? String(name.dropLast(2)) : name
            guard name == "*" || isValidCapabilityName(base) else {
                throw refuse(.descriptor, "required capability name '\(name)' is invalid")
            }
            var range: VersionRange?
            if let cRange = entry.version_range {
                do { range = try VersionRange(parsing: String(cString: cRange)) } catch {
                    throw refuse(.descriptor, "requirement \(name): \(error)")
                }
            }
            return .init(name: name, range: range, optional: entry.flags & UInt32(AIP_REQUIRE_OPTIONAL) != 0)
        }
    }

    private static func readPatterns(_ base: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, field: String,
                                     refuse: (PluginRefusal.Stage, String) -> PluginRefusal) throws(PluginRefusal) -> [TopicPattern] {
        guard count > 0 else { return [] }
        guard let base else { throw refuse(.descriptor, "\(field)_count is \(count) but \(field) is NULL") }
        guard count <= 4096 else { throw refuse(.descriptor, "\(field)_count \(count) is implausibly large") }
        var patterns: [TopicPattern] = []
        for index in 0..<count {
            guard let cText = base[index] else { throw refuse(.descriptor, "\(field)[\(index)] is NULL") }
            do { patterns.append(try TopicPattern(String(cString: cText))) } catch {
                throw refuse(.descriptor, "\(field)[\(index)]: \(error.message)")
            }
        }
        return patterns
    }
}
