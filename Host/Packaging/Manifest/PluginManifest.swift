import AIPConfig

/// The contents of a plugin's `plugin.json`: what the plugin says about itself to operators,
/// packers and marketplaces. The format is documented by PluginSDK/plugin-manifest.schema.json.
///
/// Strings stay as written (versions, ranges, signatures, topic patterns) so a manifest can be
/// written back unchanged; `load(path:)` has already checked that each one parses.
public struct PluginManifest: Codable, Sendable, Equatable {
    /// One entry of `provides`.
    public struct Capability: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
        /// Native signature such as `i64(i64,i64)`; nil for a message capability.
        public var signature: String?

        public init(name: String, version: String, signature: String? = nil) {
            self.name = name
            self.version = version
            self.signature = signature
        }
    }

    /// One entry of `requires`: a dependency and a call permission.
    public struct Requirement: Codable, Sendable, Hashable {
        public var name: String
        /// Semver range; nil means any version.
        public var range: String?
        public var optional: Bool

        public init(name: String, range: String? = nil, optional: Bool = false) {
            self.name = name
            self.range = range
            self.optional = optional
        }

        enum CodingKeys: String, CodingKey { case name, range, optional }

        // `optional` may be left out of the JSON, meaning false.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            range = try container.decodeIfPresent(String.self, forKey: .range)
            optional = try container.decodeIfPresent(Bool.self, forKey: .optional) ?? false
        }
    }

    /// Event topic patterns the plugin may publish to and subscribe to.
    public struct Permissions: Codable, Sendable, Equatable {
        public var publish: [String]
        public var subscribe: [String]

        public init(publish: [String] = [], subscribe: [String] = []) {
            self.publish = publish
            self.subscribe = subscribe
        }
    }

    /// The only format version this code reads and writes.
    public static let currentManifestVersion = 1

    public var manifestVersion: Int
    public var name: String
    public var version: String
    public var description: String
    /// SPDX identifier or expression.
    public var license: String
    public var authors: [String]
    public var homepage: String?
    /// "c" or "swift", as `PluginDescriptor.language` spells it.
    public var language: String
    /// ABI "MAJOR.MINOR" the library was built against.
    public var abi: String
    /// Present exactly when `language` is "swift".
    public var swiftToolchain: String?
    /// Target triple, e.g. x86_64-unknown-linux-gnu.
    public var platform: String
    /// File name of the shared object, next to the manifest.
    public var library: String
    public var threadSafe: Bool
    /// "in-process", "out-of-process" or "either".
    public var isolation: String
    public var provides: [Capability]
    public var requires: [Requirement]
    public var permissions: Permissions
    public var configSchema: JSONValue?

    public init(manifestVersion: Int = PluginManifest.currentManifestVersion, name: String, version: String,
                description: String, license: String, authors: [String], homepage: String? = nil,
                language: String, abi: String, swiftToolchain: String? = nil, platform: String, library: String,
                threadSafe: Bool, isolation: String, provides: [Capability], requires: [Requirement],
                permissions: Permissions, configSchema: JSONValue?) {
        self.manifestVersion = manifestVersion
        self.name = name
        self.version = version
        self.description = description
        self.license = license
        self.authors = authors
        self.homepage = homepage
        self.language = language
        self.abi = abi
        self.swiftToolchain = swiftToolchain
        self.platform = platform
        self.library = library
        self.threadSafe = threadSafe
        self.isolation = isolation
        self.provides = provides
        self.requires = requires
        self.permissions = permissions
        self.configSchema = configSchema
    }
}
