import AIPMarketIndex
import AIPVersioning

/// A package installed in this home, as the state database records it.
public struct InstalledPackage: Sendable, Equatable {
    public var name: String
    public var version: SemanticVersion
    public var marketplace: String
    /// The archive's URL and hash at install time, so `verify` and `--locked` need no index.
    public var archiveURL: String
    public var sha256: String
    public var enabled: Bool
    /// A pinned package never moves on upgrade; only `pin` or `rollback` change it.
    public var pinned: Bool
    /// Asked for by name (true) or pulled in as someone's dependency (false).
    public var explicit: Bool
    /// The packages this version needs, as `NAME@RANGE`, so `remove` knows the dependents offline.
    public var requires: [String]
    public var installedAt: Timestamp

    public init(name: String, version: SemanticVersion, marketplace: String, archiveURL: String, sha256: String,
                enabled: Bool = true, pinned: Bool = false, explicit: Bool, requires: [String] = [],
                installedAt: Timestamp = .now) {
        self.name = name
        self.version = version
        self.marketplace = marketplace
        self.archiveURL = archiveURL
        self.sha256 = sha256
        self.enabled = enabled
        self.pinned = pinned
        self.explicit = explicit
        self.requires = requires
        self.installedAt = installedAt
    }
}

/// One change to the install, kept for `rollback` and for operators reading what happened.
public struct HistoryEntry: Sendable, Equatable {
    public enum Action: String, Sendable {
        case install, upgrade, downgrade, rollback, remove, pin, unpin, reinstall
    }

    public var id: Int64
    public var name: String
    public var action: Action
    public var fromVersion: SemanticVersion?
    public var toVersion: SemanticVersion?
    public var at: Timestamp
}
