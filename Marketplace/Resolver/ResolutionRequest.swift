import AIPVersioning

/// What to resolve.
///
/// The result must satisfy, all together:
/// - every requirement in `roots` (what the user asked for);
/// - every package in `installed` stays installed, at some version, and the requirements of the
///   version chosen for it hold too. So the installed set's own dependencies stay consistent even
///   for packages nobody asked for by name. To uninstall a package, leave it out of `installed`
///   and name it in `removing`;
/// - `pins`: a pinned package, when it is part of the result, is exactly the pinned version;
/// - `removing`: these packages are not part of the result (if something still needs one, the
///   conflict is explained);
/// - `locked` (when not nil): the result is exactly the locked set, every package at its locked
///   version, and nothing else.
///
/// Among the solutions, the resolver prefers, package by package: the installed version while it
/// is still acceptable (unless the package is in `upgrade` or `upgradeAll` is set), else the
/// highest acceptable version, a release before any pre-release. Ranges admit pre-releases only
/// when they name one (see `VersionRange`), so a pre-release is chosen only where a range names
/// it, where it is pinned, locked or installed, or, for an installed package no range constrains,
/// when no release of it can work. Yanked versions are
/// acceptable only when pinned, locked or installed at exactly that version; versions with an
/// `incompatibility` never are.
public struct ResolutionRequest: Sendable {
    /// What the user asked for ("you" in explanations).
    public var roots: [PackageRequirement]
    /// Must be exactly these versions when present.
    public var pins: [String: SemanticVersion]
    /// What is installed now: kept while still acceptable, unless upgraded.
    public var installed: [String: SemanticVersion]
    /// These may move to the newest acceptable version.
    public var upgrade: Set<String>
    /// Every package may move to the newest acceptable version.
    public var upgradeAll: Bool
    /// Packages that must not be part of the result.
    public var removing: Set<String>
    /// `--locked`: exactly these versions and no other package, or fail.
    public var locked: [String: SemanticVersion]?

    public init(roots: [PackageRequirement] = [], pins: [String: SemanticVersion] = [:],
                installed: [String: SemanticVersion] = [:], upgrade: Set<String> = [], upgradeAll: Bool = false,
                removing: Set<String> = [], locked: [String: SemanticVersion]? = nil) {
        self.roots = roots
        self.pins = pins
        self.installed = installed
        self.upgrade = upgrade
        self.upgradeAll = upgradeAll
        self.removing = removing
        self.locked = locked
    }
}

/// A consistent choice of one version per needed package.
public struct Resolution: Sendable {
    /// Package name → the chosen version.
    public let selected: [String: PackageCandidate]
    /// Every selected name, dependencies before their dependents; packages in a dependency cycle
    /// follow name order among themselves. Deterministic.
    public let installOrder: [String]
    /// How hard the search was, for `--verbose` output and benchmarks.
    public let statistics: ResolutionStatistics
}

public struct ResolutionStatistics: Sendable, Hashable {
    /// Packages whose versions were looked at.
    public let packagesConsidered: Int
    /// Versions tried (each decision of the search).
    public let decisions: Int
    /// Dead ends met; each taught the solver an incompatibility and made it backjump.
    public let conflicts: Int
}

/// No choice of versions satisfies the request.
public struct ResolutionConflict: Error, Sendable, CustomStringConvertible {
    /// The explanation, a short derivation in words: which package wants what from whom.
    public let description: String
    /// The names the explanation talks about, sorted.
    public let packages: [String]
}
