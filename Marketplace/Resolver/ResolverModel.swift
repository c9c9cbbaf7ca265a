import AIPVersioning

/// A requirement on a package: a name and the versions that will do.
public struct PackageRequirement: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let range: VersionRange

    public init(name: String, range: VersionRange) {
        self.name = name
        self.range = range
    }

    public var description: String { "\(name) \(range)" }
}

/// One published version of a package as the resolver sees it.
public struct PackageCandidate: Sendable, Equatable {
    public let name: String
    public let version: SemanticVersion
    public let requires: [PackageRequirement]
    public let yanked: Bool
    /// nil when this version can run here; otherwise why not, in words computed by the caller
    /// ("needs plugin ABI 2.x, this host speaks 1.0").
    public let incompatibility: String?

    public init(name: String, version: SemanticVersion, requires: [PackageRequirement], yanked: Bool = false,
                incompatibility: String? = nil) {
        self.name = name
        self.version = version
        self.requires = requires
        self.yanked = yanked
        self.incompatibility = incompatibility
    }
}

/// Where candidates come from (a merged marketplace catalogue, or a synthetic universe).
public protocol PackageSource {
    /// Every published version of `name`, in any order; empty when nobody publishes it.
    func candidates(named name: String) -> [PackageCandidate]
    /// Every package name, for "did you mean" suggestions.
    var packageNames: [String] { get }
}

/// What to resolve. The result contains the roots and everything they need, transitively; an
/// installed package that nothing in that closure needs is not part of it (callers remove it or
/// keep it as a root, as they decide).
public struct ResolutionRequest: Sendable {
    /// What the user wants (requested by "you").
    public var roots: [PackageRequirement]
    /// Packages that must be at exactly these versions.
    public var pins: [String: SemanticVersion] = [:]
    /// Installed versions: preferred while acceptable, unless the package is being upgraded.
    public var installed: [String: SemanticVersion] = [:]
    public var upgrade: Set<String> = []
    public var upgradeAll = false
    /// `--locked`: exactly these versions, or a conflict.
    public var locked: [String: SemanticVersion]?

    public init(roots: [PackageRequirement]) {
        self.roots = roots
    }
}

public struct Resolution: Sendable {
    public let selected: [String: PackageCandidate]
    /// Dependencies before their dependents; ties by name, so the order is reproducible.
    public let installOrder: [String]
}

/// No selection satisfies the request; `description` explains why, in words.
public struct ResolutionConflict: Error, Sendable, CustomStringConvertible {
    public let description: String
}
