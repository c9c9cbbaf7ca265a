import Foundation
import GRDBSQLite

/// Tells whether anything that changes what aliases and `latest` resolve to was committed since
/// the last look, from any connection or process. Two steps on a connection of its own:
/// `PRAGMA data_version` (about a microsecond) says whether anyone committed at all; only then
/// is the registry's change counter read, which triggers bump on every write to `prompts`,
/// `versions` and `aliases`. Statistics writes (every `llm.usage` batch) move the data version
/// but not the counter, so they no longer empty the resolution cache.
final class ChangeWatcher: @unchecked Sendable {
    // The connection, statements and last readings are only touched under `lock`.
    private let lock = NSLock()
    private var connection: OpaquePointer?
    private var dataVersionStatement: OpaquePointer?
    private var counterStatement: OpaquePointer?
    private var lastDataVersion: Int64?
    private var lastCounter: Int64?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &dataVersionStatement, nil) == SQLITE_OK,
              sqlite3_prepare_v2(connection, "SELECT counter FROM registry_changes WHERE id = 1", -1, &counterStatement, nil) == SQLITE_OK else {
            let reason = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_finalize(dataVersionStatement)
            sqlite3_finalize(counterStatement)
            sqlite3_close_v2(connection)
            throw PromptError(.storage, "cannot watch prompt registry database \(path): \(reason)")
        }
    }

    /// The registry's change counter; a different value means prompts, versions or aliases
    /// changed. Returns nil if SQLite could not answer (the caller then treats every cache as stale).
    func current() -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        guard let dataVersion = Self.integer(dataVersionStatement) else { return nil }
        if dataVersion == lastDataVersion, let lastCounter { return lastCounter }
        guard let counter = Self.integer(counterStatement) else { return nil }
        lastDataVersion = dataVersion
        lastCounter = counter
        return counter
    }

    /// The first column of the statement's one row (the statement is reset, ending its read).
    private static func integer(_ statement: OpaquePointer?) -> Int64? {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return sqlite3_column_int64(statement, 0)
    }

    deinit {
        sqlite3_finalize(dataVersionStatement)
        sqlite3_finalize(counterStatement)
        sqlite3_close_v2(connection)
    }
}
