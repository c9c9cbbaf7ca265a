import AIPMarketIndex
import AIPVersioning
import GRDB

/// The marketplace's memory in one SQLite file (`HOME/market/state.sqlite`): the newest index
/// accepted per marketplace (rollback protection), what is installed, and the history of changes
/// (for `rollback`). Every change is one transaction, so a crash leaves the previous state.
public final class MarketState: Sendable {
    private let database: DatabaseQueue
    public let path: String

    public init(path: String) throws(MarketError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw MarketError("cannot open the marketplace state database \(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE seen_index (
                    marketplace TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    seen_at INTEGER NOT NULL);
                CREATE TABLE installed (
                    name TEXT PRIMARY KEY NOT NULL,
                    version TEXT NOT NULL,
                    marketplace TEXT NOT NULL,
                    archive_url TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    enabled INTEGER NOT NULL,
                    pinned INTEGER NOT NULL,
                    explicit INTEGER NOT NULL,
                    requires TEXT NOT NULL,
                    installed_at INTEGER NOT NULL);
                CREATE TABLE history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    action TEXT NOT NULL,
                    from_version TEXT,
                    to_version TEXT,
                    at INTEGER NOT NULL);
                CREATE INDEX history_by_name ON history(name, id);
                CREATE TABLE installed_version (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    marketplace TEXT NOT NULL,
                    archive_url TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    requires TEXT NOT NULL,
                    PRIMARY KEY (name, version));
                """)
        }
        return migrator
    }

    private func read<T>(_ body: (Database) throws -> T) throws(MarketError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw MarketError("cannot read the marketplace state database \(path): \(error)")
        }
    }

    private func write(_ body: (Database) throws -> Void) throws(MarketError) {
        do {
            try database.write(body)
        } catch {
            throw MarketError("cannot write the marketplace state database \(path): \(error)")
        }
    }

    // MARK: Indexes seen

    public func seenIndex(_ marketplace: String) throws(MarketError) -> SeenIndex? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT version, sha256, seen_at FROM seen_index WHERE marketplace = ?",
                             arguments: [marketplace]).map {
                SeenIndex(version: $0["version"], sha256: $0["sha256"], seenAt: Timestamp(secondsSinceEpoch: $0["seen_at"]))
            }
        }
    }

    public func recordSeen(_ marketplace: String, _ seen: SeenIndex) throws(MarketError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO seen_index (marketplace, version, sha256, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(marketplace) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256,
                    seen_at = excluded.seen_at
                """, arguments: [marketplace, seen.version, seen.sha256, seen.seenAt.secondsSinceEpoch])
        }
    }

    // MARK: Installed packages

    public func installed() throws(MarketError) -> [InstalledPackage] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM installed ORDER BY name").compactMap(Self.package) }
    }

    public func installed(_ name: String) throws(MarketError) -> InstalledPackage? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM installed WHERE name = ?", arguments: [name]).flatMap(Self.package) }
    }

    /// What was recorded when `version` of `name` was last installed (for rollback offline).
    public func installedVersion(_ name: String, _ version: SemanticVersion) throws(MarketError) -> InstalledPackage? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM installed_version WHERE name = ? AND version = ?",
                             arguments: [name, version.description]).map { row in
                InstalledPackage(name: row["name"], version: version, marketplace: row["marketplace"],
                                 archiveURL: row["archive_url"], sha256: row["sha256"], explicit: false,
                                 requires: (row["requires"] as String).split(separator: "\n").map(String.init))
            }
        }
    }

    public func history(of name: String) throws(MarketError) -> [HistoryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM history WHERE name = ? ORDER BY id", arguments: [name]).compactMap { row in
                guard let action = HistoryEntry.Action(rawValue: row["action"]) else { return nil }
                return HistoryEntry(id: row["id"], name: row["name"], action: action,
                                    fromVersion: (row["from_version"] as String?).flatMap { try? SemanticVersion(parsing: $0) },
                                    toVersion: (row["to_version"] as String?).flatMap { try? SemanticVersion(parsing: $0) },
                                    at: Timestamp(secondsSinceEpoch: row["at"]))
            }
        }
    }

    /// One change to the install: the rows to write, the names to forget, and what to tell the
    /// history. Applied in a single transaction.
    public struct Change: Sendable {
        public var upserts: [InstalledPackage] = []
        public var removals: [String] = []
        public var history: [(name: String, action: HistoryEntry.Action, from: SemanticVersion?, to: SemanticVersion?)] = []

        public init() {}
    }

    public func apply(_ change: Change, at time: Timestamp = .now) throws(MarketError) {
        try write { db in
            for package in change.upserts {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO installed_version (name, version, marketplace, archive_url, sha256, requires)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [package.name, package.version.description, package.marketplace, package.archiveURL,
                                     package.sha256, package.requires.joined(separator: "\n")])
                try db.execute(sql: """
                    INSERT OR REPLACE INTO installed
                        (name, version, marketplace, archive_url, sha256, enabled, pinned, explicit, requires, installed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [package.name, package.version.description, package.marketplace, package.archiveURL,
                                     package.sha256, package.enabled, package.pinned, package.explicit,
                                     package.requires.joined(separator: "\n"), package.installedAt.secondsSinceEpoch])
            }
            for name in change.removals {
                try db.execute(sql: "DELETE FROM installed WHERE name = ?", arguments: [name])
            }
            for entry in change.history {
                try db.execute(sql: "INSERT INTO history (name, action, from_version, to_version, at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [entry.name, entry.action.rawValue, entry.from?.description, entry.to?.description,
                                           time.secondsSinceEpoch])
            }
        }
    }

    private static func package(_ row: Row) -> InstalledPackage? {
        guard let version = try? SemanticVersion(parsing: row["version"] as String) else { return nil }
        return InstalledPackage(name: row["name"], version: version, marketplace: row["marketplace"],
                                archiveURL: row["archive_url"], sha256: row["sha256"], enabled: row["enabled"],
                                pinned: row["pinned"], explicit: row["explicit"],
                                requires: (row["requires"] as String).split(separator: "\n").map(String.init),
                                installedAt: Timestamp(secondsSinceEpoch: row["installed_at"]))
    }
}
