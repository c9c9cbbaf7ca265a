import AIPHost

/// What the parent needs to know about the plugin to plan its checks, as the descriptor check's
/// child process read it (the parent itself never loads the plugin).
public struct DescriptorSummary: Sendable, Codable, Equatable {
    public struct Capability: Sendable, Codable, Equatable {
        public let name: String
        public let version: String
        /// Native signature such as `i64(i64,i64)`, nil for a message capability.
        public let signature: String?

        public var nativeSignature: NativeSignature? { signature.flatMap { try? NativeSignature(parsing: $0) } }
    }

    public let name: String
    public let version: String
    public let language: String
    public let threadSafe: Bool
    /// Callable capabilities: `prefix.*` entries are only permissions to register at run time.
    public let capabilities: [Capability]
    public let publishes: [String]
    public let subscribes: [String]

    init(_ descriptor: PluginDescriptor) {
        name = descriptor.name
        version = descriptor.version.description
        language = descriptor.language
        threadSafe = descriptor.threadSafe
        capabilities = descriptor.provides.filter { !$0.name.hasSuffix(".*") }.map {
            Capability(name: $0.name, version: $0.version.description, signature: $0.signature?.description)
        }
        publishes = descriptor.publishes.map(\.text)
        subscribes = descriptor.subscribes.map(\.text)
    }
}
