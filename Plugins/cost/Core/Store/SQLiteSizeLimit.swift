import GRDB

/// A cap on a SQLite file's size, set on each connection: once the file would grow past it,
/// writes fail with SQLITE_FULL exactly as they do on a full disk, so an operator can bound the
/// store and the full-disk path is the one exercised.
enum SQLiteSizeLimit {
    static func apply(_ bytes: Int64, to db: Database) throws {
        let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        try db.execute(sql: "PRAGMA max_page_count = \(max(1, bytes / pageSize))")
    }
}
