import AIPConfig
import Crypto
import Foundation
import GRDB

/// Virtual keys in SQLite (GRDB, WAL). Secrets are never stored: a key is found by the SHA-256
/// of the secret the client presents.
public final class VirtualKeyStore: Sendable {
    let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "virtual_keys") { table in
                table.column("id", .text).primaryKey()
                table.column("hash", .text).notNull().unique()
                table.column("prefix", .text).notNull()
                table.column("name", .text).notNull()
                table.column("project", .text)
                table.column("user", .text)
                table.column("tenant", .text)
                table.column("allowed_models", .text)
                table.column("rpm", .integer)
                table.column("tpm", .integer)
                table.column("created_at", .integer).notNull()
                table.column("revoked_at", .integer)
            }
        }
        try migrator.migrate(queue)
    }

    public static func hash(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Array(secret.utf8)))
    }

    /// A new secret: `sk-gw-` and 48 hex digits from the system's random source.
    public static func newSecret() -> String {
        "sk-gw-" + Hex.random(bytes: 24)
    }

    public func insert(_ key: VirtualKey) throws {
        let models = key.allowedModels.map { JSONValue.array($0.map(JSONValue.string)).serialized() }
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO virtual_keys (id, hash, prefix, name, project, user, tenant, allowed_models, rpm, tpm, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [key.id, key.hash, key.prefix, key.name, key.project, key.user, key.tenant, models, key.rpm, key.tpm, key.createdAtMs])
        }
    }

    public func all() throws -> [VirtualKey] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM virtual_keys ORDER BY created_at, id").map(Self.key) }
    }

    public func find(hash: String) throws -> VirtualKey? {
        try queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM virtual_keys WHERE hash = ?", arguments: [hash]).map(Self.key) }
    }

    /// Marks the key revoked; false when no such key exists.
    public func revoke(id: String, at time: Int64) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "UPDATE virtual_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", arguments: [time, id])
            return db.changesCount > 0
        }
    }

    static func key(_ row: Row) -> VirtualKey {
        let models: [String]? = (row["allowed_models"] as String?).flatMap { text in
            (try? JSONParser.parse(text))?.arrayValue?.compactMap(\.stringValue)
        }
        return VirtualKey(id: row["id"], hash: row["hash"], prefix: row["prefix"], name: row["name"], project: row["project"], user: row["user"],
                          tenant: row["tenant"], allowedModels: models, rpm: row["rpm"], tpm: row["tpm"],
                          createdAtMs: row["created_at"], revokedAtMs: row["revoked_at"])
    }
}
