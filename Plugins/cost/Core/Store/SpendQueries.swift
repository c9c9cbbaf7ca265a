import GRDB

/// Reads of `daily_totals` shared by budgets, checks, forecasts and anomaly detection.
enum SpendQueries {
    /// Total spend of one subject in `interval`.
    static func spend(_ db: Database, scope: Scope, subject: String, currency: String, interval: PeriodInterval) throws -> Money {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(cost_nano), 0), COALESCE(SUM(cost_sub), 0) FROM daily_totals
            WHERE dimension = ? AND subject = ? AND currency = ? AND day BETWEEN ? AND ?
            """), arguments: [scope.rawValue, subject, currency, interval.start.ordinal, interval.end.ordinal])
        guard let row else { return .zero }
        return StoredAmount.money(nanos: row[0], sub: row[1])
    }

    /// Spend per day of one subject in `interval`; days without spend are absent.
    static func dailySpend(_ db: Database, scope: Scope, subject: String, currency: String,
                           interval: PeriodInterval) throws -> [Day: Money] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT day, cost_nano, cost_sub FROM daily_totals
            WHERE dimension = ? AND subject = ? AND currency = ? AND day BETWEEN ? AND ?
            """), arguments: [scope.rawValue, subject, currency, interval.start.ordinal, interval.end.ordinal])
        var result: [Day: Money] = [:]
        while let row = try rows.next() {
            result[Day(ordinal: row[0])] = StoredAmount.money(nanos: row[1], sub: row[2])
        }
        return result
    }

    /// The first day the subject spent anything, if ever.
    static func firstActiveDay(_ db: Database, scope: Scope, subject: String, currency: String) throws -> Day? {
        let ordinal = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT MIN(day) FROM daily_totals WHERE dimension = ? AND subject = ? AND currency = ?
            """), arguments: [scope.rawValue, subject, currency])
        return ordinal.map(Day.init(ordinal:))
    }
}
