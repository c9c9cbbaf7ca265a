import AIPVersioning

/// "Some version of `name` inside `range`": what a user asks for, or what a package needs.
public struct PackageRequirement: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let range: VersionRange

    public init(name: String, range: VersionRange) {
        self.name = name
        self.range = range
    }

    /// `gateway ^1.4`, or just `gateway` when any version will do.
    public var description: String { range.text == VersionRange.any.text ? name : "\(name) \(range.text)" }
}

/// One published version of a package as the resolver sees it.
public struct PackageCandidate: Sendable, Hashable {
    public let name: String
    public let version: SemanticVersion
    public let requires: [PackageRequirement]
    /// Withdrawn by its publisher: chosen only when pinned, locked or already installed at exactly this version.
    public let yanked: Bool
    /// nil when this version can run here; otherwise the reason in words, computed by the caller,
    /// phrased to follow "gateway 2.0.0 exists but …" (e.g. "needs plugin ABI 2.x, this host
    /// speaks 1.0", "is built for aarch64-linux-gnu"). Such a version is never chosen, but
    /// explanations mention it.
    public let incompatibility: String?

    public init(name: String, version: SemanticVersion, requires: [PackageRequirement] = [],
                yanked: Bool = false, incompatibility: String? = nil) {
        self.name = name
        self.version = version
        self.requires = requires
        self.yanked = yanked
        self.incompatibility = incompatibility
    }
}
