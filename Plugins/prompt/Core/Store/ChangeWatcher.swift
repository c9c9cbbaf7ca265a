import Foundation
import GRDBSQLite

/// Tells whether anything committed to the database file since the last look, from any
/// connection or process, through `PRAGMA data_version` on a connection of its own. It costs
/// about a microsecond, so the registry asks at most once per recheck interval (1 ms by default)
/// and otherwise answers alias resolutions from its cache.
final class ChangeWatcher: @unchecked Sendable {
    // The connection and statement are only touched under `lock`.
    private let lock = NSLock()
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK else {
            let reason = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw PromptError(.storage, "cannot watch prompt registry database \(path): \(reason)")
        }
    }

    /// The file's data version; a different value means another connection committed.
    /// Returns nil if SQLite could not answer (the caller then treats every cache as stale).
    func current() -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return sqlite3_column_int64(statement, 0)
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }
}
