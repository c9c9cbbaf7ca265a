import Foundation
import GRDB

/// The registry's SQLite file: opening, the schema, and write transactions that take the write
/// lock up front, so concurrent writers (threads or other connections to the same file) queue
/// behind SQLite's lock instead of failing half way.
struct RegistryDatabase: Sendable {
    let pool: DatabasePool
    let path: String

    static let schemaVersion = 2

    /// `maxBytes`: the most the file may grow to; past it writes fail as on a full disk.
    init(path: String, maxBytes: Int64? = nil) throws {
        self.path = path
        var configuration = Configuration()
        // Other connections (another registry on the same file, an import tool) may hold the
        // write lock for a while; wait for it rather than failing.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if let maxBytes {
                // SQLite's own cap: once reached, writes fail with SQLITE_FULL exactly as on a full disk.
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxBytes / pageSize))")
            }
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw PromptError(.storage, "cannot open prompt registry database \(path): \(Self.describe(error))")
        }
        try createSchema()
    }

    /// A write transaction that holds SQLite's write lock from its first statement.
    /// With `rollback`, the transaction runs to its end and is then undone (dry runs).
    func write<T>(rollback: Bool = false, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return rollback ? .rollback : .commit
                }
                // inTransaction only returns after body ran and the commit succeeded.
                guard let result else { throw PromptError(.storage, "transaction on \(path) returned no result") }
                return result
            }
        } catch let error as PromptError {
            throw error
        } catch {
            throw PromptError(.storage, "prompt registry database \(path): \(Self.describe(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as PromptError {
            throw error
        } catch {
            throw PromptError(.storage, "prompt registry database \(path): \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let database = error as? DatabaseError {
            return database.message ?? "\(database.resultCode)"
        }
        return "\(error)"
    }

    /// Creates the tables once; the check and the creation share one locked transaction, so
    /// several connections opening a new file at once agree on a single schema.
    private func createSchema() throws {
        try write { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard current < Self.schemaVersion else {
                if current > Self.schemaVersion {
                    throw PromptError(.storage, "prompt registry database \(path) has schema version \(current), newer than this plugin's \(Self.schemaVersion)")
                }
                return
            }
            if current < 1 { try db.execute(sql: Self.schema) }
            try db.execute(sql: Self.changeCounter)
            try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
        }
    }

    /// Version 2: a counter every write to prompts, versions or aliases bumps (from any
    /// connection or process), so readers can tell those writes from statistics writes.
    private static let changeCounter = """
    CREATE TABLE registry_changes (id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL);
    INSERT INTO registry_changes (id, counter) VALUES (1, 0);
    \(["prompts", "versions", "aliases"].flatMap { table in
        ["INSERT", "UPDATE", "DELETE"].map { change in
            "CREATE TRIGGER \(table)_\(change.lowercased())_counts AFTER \(change) ON \(table) "
                + "BEGIN UPDATE registry_changes SET counter = counter + 1 WHERE id = 1; END;"
        }
    }.joined(separator: "\n"))
    """

    private static let schema = """
    CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '{}',
        search_text TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE versions (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        kind TEXT NOT NULL CHECK (kind IN ('text', 'chat')),
        content TEXT NOT NULL,
        commit_message TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '{}',
        author TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (prompt_id, version)
    ) WITHOUT ROWID;
    -- Versions are immutable: the database itself refuses to change or drop one.
    CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'prompt versions are immutable'); END;
    CREATE TRIGGER versions_are_permanent BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'prompt versions cannot be deleted'); END;
    CREATE TABLE aliases (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        alias TEXT NOT NULL,
        variants TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (prompt_id, alias)
    ) WITHOUT ROWID;
    CREATE TABLE alias_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        alias TEXT NOT NULL,
        from_variants TEXT,
        to_variants TEXT,
        moved_at INTEGER NOT NULL,
        actor TEXT,
        note TEXT,
        rollback_of INTEGER REFERENCES alias_moves(id)
    );
    CREATE INDEX alias_moves_by_alias ON alias_moves (prompt_id, alias, id);
    CREATE TABLE version_stats (
        prompt_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        renders INTEGER NOT NULL DEFAULT 0,
        llm_calls INTEGER NOT NULL DEFAULT 0,
        latency_ms_total REAL NOT NULL DEFAULT 0,
        latency_ms_max REAL NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_input_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd TEXT NOT NULL DEFAULT '0',
        costed_calls INTEGER NOT NULL DEFAULT 0,
        feedback_count INTEGER NOT NULL DEFAULT 0,
        feedback_total REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (prompt_id, version),
        FOREIGN KEY (prompt_id, version) REFERENCES versions(prompt_id, version)
    ) WITHOUT ROWID;
    -- Request ids already counted, so a replayed event is not counted twice.
    CREATE TABLE seen_events (
        kind TEXT NOT NULL,
        request_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (kind, request_id)
    ) WITHOUT ROWID;
    """
}

/// Milliseconds since the Unix epoch, the registry's one time unit (MLflow's as well).
func nowMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
