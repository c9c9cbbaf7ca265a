import AIPVersioning

/// A marketplace index: what one marketplace offers, as read from its `index.json`
/// (format documented by Marketplace/index.schema.json). Values are checked on parsing, so
/// versions and ranges here always parse.
public struct MarketIndex: Sendable, Equatable {
    /// One published version of a package.
    public struct Release: Sendable, Equatable {
        public var archive: String
        public var sha256: String
        public var size: Int64
        /// Plugin ABI versions the library runs on, as a range over MAJOR.MINOR.0.
        public var abi: VersionRange
        /// Host versions the plugin supports.
        public var host: VersionRange
        public var platform: String
        /// nil for a C plugin.
        public var swiftToolchain: String?
        public var requires: [Dependency]
        /// Capabilities as NAME@VERSION.
        public var provides: [String]
        public var description: String?
        public var published: String?
        public var yanked: Bool
        public var yankReason: String?

        public init(archive: String, sha256: String, size: Int64, abi: VersionRange, host: VersionRange,
                    platform: String, swiftToolchain: String?, requires: [Dependency], provides: [String],
                    description: String? = nil, published: String? = nil, yanked: Bool = false, yankReason: String? = nil) {
            self.archive = archive
            self.sha256 = sha256
            self.size = size
            self.abi = abi
            self.host = host
            self.platform = platform
            self.swiftToolchain = swiftToolchain
            self.requires = requires
            self.provides = provides
            self.description = description
            self.published = published
            self.yanked = yanked
            self.yankReason = yankReason
        }
    }

    /// A requirement on another package.
    public struct Dependency: Sendable, Equatable {
        public var name: String
        public var range: VersionRange

        public init(name: String, range: VersionRange) {
            self.name = name
            self.range = range
        }
    }

    /// A package and all its published versions.
    public struct Package: Sendable, Equatable {
        public var description: String
        public var license: String
        public var homepage: String?
        public var versions: [SemanticVersion: Release]

        public init(description: String, license: String, homepage: String? = nil, versions: [SemanticVersion: Release]) {
            self.description = description
            self.license = license
            self.homepage = homepage
            self.versions = versions
        }

        /// Versions from newest to oldest.
        public var versionsNewestFirst: [SemanticVersion] { versions.keys.sorted(by: >) }
    }

    public static let currentFormat = 1

    public var name: String
    /// Increases with every change the publisher makes; hosts refuse to go back.
    public var version: Int64
    public var generated: String
    public var expires: String
    public var packages: [String: Package]

    public init(name: String, version: Int64, generated: String, expires: String, packages: [String: Package]) {
        self.name = name
        self.version = version
        self.generated = generated
        self.expires = expires
        self.packages = packages
    }
}
