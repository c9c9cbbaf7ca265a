/// What a Swift plugin declares about itself; the kit turns it into the C descriptor.
public struct PluginManifest: Sendable {
    public var name: String
    public var version: String
    public var description: String
    /// When false the host serialises every call, native call and event callback into the plugin.
    public var threadSafe: Bool
    public var provides: [ProvidedCapability]
    public var requires: [RequiredCapability]
    /// Topic patterns the plugin may publish to (`*` one segment, `#` any number).
    public var publishes: [String]
    /// Topic patterns the plugin may subscribe to.
    public var subscribes: [String]
    /// JSON Schema (as text) of the plugin's config section, or nil for "anything".
    public var configSchema: String?

    public init(name: String, version: String, description: String = "", threadSafe: Bool = true,
                provides: [ProvidedCapability] = [], requires: [RequiredCapability] = [],
                publishes: [String] = [], subscribes: [String] = [], configSchema: String? = nil) {
        self.name = name
        self.version = version
        self.description = description
        self.threadSafe = threadSafe
        self.provides = provides
        self.requires = requires
        self.publishes = publishes
        self.subscribes = subscribes
        self.configSchema = configSchema
    }
}

/// A capability the plugin answers: a message capability (bytes in, bytes out) or a native function.
public struct ProvidedCapability: Sendable {
    public var name: String
    public var version: String
    public var native: NativeFunction?

    /// A message capability answered by the handler of the same name from `handlers()`.
    public static func message(_ name: String, version: String = "1.0.0") -> ProvidedCapability {
        ProvidedCapability(name: name, version: version, native: nil)
    }

    /// A typed C function; see the signature grammar in aip_plugin.h.
    public static func native(_ name: String, version: String = "1.0.0", _ function: NativeFunction) -> ProvidedCapability {
        ProvidedCapability(name: name, version: version, native: function)
    }
}

/// A `@convention(c)` function and its signature string, e.g. "i64(i64,i64)".
public struct NativeFunction: @unchecked Sendable {
    public let signature: String
    public let pointer: UnsafeRawPointer

    /// `pointer` must come from a `@convention(c)` function, e.g.
    /// `unsafeBitCast(add as @convention(c) (Int64, Int64) -> Int64, to: UnsafeRawPointer.self)`.
    public init(signature: String, pointer: UnsafeRawPointer) {
        self.signature = signature
        self.pointer = pointer
    }
}

/// A capability the plugin calls: both its dependency and its permission to call.
public struct RequiredCapability: Sendable {
    public var name: String
    public var versionRange: String?
    public var optional: Bool

    public init(_ name: String, _ versionRange: String? = nil, optional: Bool = false) {
        self.name = name
        self.versionRange = versionRange
        self.optional = optional
    }
}
