import CSQLite
import GRDB

/// Binds and steps one of GRDB's prepared statements through the SQLite C API.
///
/// The ledger writes tens of thousands of rows a second; building a `StatementArguments` of boxed
/// values per row cost more than SQLite's own work. GRDB still prepares, caches and finalises the
/// statement and owns the transaction; this only fills the parameters and runs it.
struct BoundStatement {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    /// Kept for its SQL text, read only when a run fails (GRDB builds that string on every read).
    private let prepared: Statement
    private var index: Int32 = 0

    init(_ statement: Statement, in db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed")
        }
        self.statement = statement.sqliteStatement
        self.connection = connection
        self.prepared = statement
    }

    /// Clears the previous row's values; call before binding a new row.
    mutating func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        index = 0
    }

    mutating func bind(_ text: String?) {
        index += 1
        guard let text else { return }   // cleared bindings are NULL
        // SQLITE_TRANSIENT: SQLite copies the text before the temporary C string goes away.
        _ = text.withCString { sqlite3_bind_text(statement, index, $0, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        guard let value else { return }
        sqlite3_bind_int64(statement, index, value)
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    /// Runs the statement; returns the number of rows it changed.
    func run() throws -> Int {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: prepared.sql)
        }
        return Int(sqlite3_changes(connection))
    }
}
