import GRDB

/// The plugin's SQLite schema. Money is stored as two integers, whole nano-units and the
/// remaining 10⁻¹⁸ units (`cost_nano`, `cost_sub`), so SQLite's integer `SUM` adds it exactly; a
/// decimal text column could not be summed and a REAL column would be binary floating point.
enum CostSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                -- A rowid table: rows arrive roughly in time order and are appended; only the small
                -- request_id index takes random inserts (a WITHOUT ROWID table would move whole rows).
                CREATE TABLE ledger (
                  request_id TEXT NOT NULL UNIQUE,
                  at_ms INTEGER NOT NULL,
                  day INTEGER NOT NULL,
                  tenant TEXT NOT NULL, project TEXT NOT NULL, user_name TEXT NOT NULL,
                  provider TEXT NOT NULL, model TEXT NOT NULL, price_key TEXT,
                  input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                  cost_nano INTEGER NOT NULL, cost_sub INTEGER NOT NULL, currency TEXT NOT NULL,
                  pricing TEXT NOT NULL, reported_cost TEXT,
                  latency_ms INTEGER, prompt_name TEXT, prompt_version TEXT, prompt_hash TEXT
                );
                CREATE INDEX ledger_day ON ledger(day);
                -- One row per day and (tenant, project, user, provider, model, currency): what reports,
                -- budgets and forecasts read, so they never scan the ledger itself.
                CREATE TABLE daily_spend (
                  day INTEGER NOT NULL, tenant TEXT NOT NULL, project TEXT NOT NULL, user_name TEXT NOT NULL,
                  provider TEXT NOT NULL, model TEXT NOT NULL, currency TEXT NOT NULL,
                  requests INTEGER NOT NULL, unpriced INTEGER NOT NULL,
                  input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                  max_input_tokens INTEGER NOT NULL, max_output_tokens INTEGER NOT NULL,
                  cost_nano INTEGER NOT NULL, cost_sub INTEGER NOT NULL,
                  PRIMARY KEY (day, tenant, project, user_name, provider, model, currency)
                ) WITHOUT ROWID;
                -- The same totals per single dimension (project, user, tenant, model, provider) and
                -- day: what budgets, checks, forecasts, spike detection and one-dimension reports read,
                -- a handful of rows per subject and day however many users and models share it.
                CREATE TABLE daily_totals (
                  dimension TEXT NOT NULL, subject TEXT NOT NULL, currency TEXT NOT NULL, day INTEGER NOT NULL,
                  requests INTEGER NOT NULL, unpriced INTEGER NOT NULL,
                  input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                  cost_nano INTEGER NOT NULL, cost_sub INTEGER NOT NULL,
                  PRIMARY KEY (dimension, subject, currency, day)
                ) WITHOUT ROWID;
                CREATE TABLE budgets (
                  id TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL, updated_ms INTEGER NOT NULL
                );
                CREATE TABLE budget_alerts (
                  budget_id TEXT NOT NULL, period_start INTEGER NOT NULL, threshold INTEGER NOT NULL,
                  at_ms INTEGER NOT NULL, spent TEXT NOT NULL,
                  PRIMARY KEY (budget_id, period_start, threshold)
                ) WITHOUT ROWID;
                CREATE TABLE anomalies (
                  scope TEXT NOT NULL, subject TEXT NOT NULL, day INTEGER NOT NULL, currency TEXT NOT NULL,
                  at_ms INTEGER NOT NULL, spent TEXT NOT NULL, baseline TEXT NOT NULL,
                  PRIMARY KEY (scope, subject, day, currency)
                ) WITHOUT ROWID;
                CREATE TABLE prices (
                  model TEXT NOT NULL, effective_from INTEGER NOT NULL, body TEXT NOT NULL, imported_ms INTEGER NOT NULL,
                  PRIMARY KEY (model, effective_from)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-ingest-progress") { db in
            // The last event of the ingest queue's current run that is committed, written in the same
            // transaction as its batch: `cost.check` adds the queued events after it to the stored
            // totals, so a charge is counted exactly once whether or not its batch has landed.
            try db.execute(sql: """
                CREATE TABLE ingest_progress (
                  id INTEGER PRIMARY KEY CHECK (id = 1), run TEXT NOT NULL, through INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}

/// Money as the two integer columns the schema stores.
struct StoredAmount {
    static let nano: Int128 = 1_000_000_000

    let nanos: Int64
    let sub: Int64

    init(_ money: Money) throws(CostError) {
        // Floor division, so `sub` is always in [0, 10⁹) and sums of `sub` never overflow in practice.
        var whole = money.units / Self.nano
        var rest = money.units - whole * Self.nano
        if rest < 0 {
            whole -= 1
            rest += Self.nano
        }
        guard let nanos = Int64(exactly: whole) else {
            throw .invalidField("cost", "\(money) is too large for one ledger row (at most 9,223,372,036 per row)")
        }
        self.nanos = nanos
        sub = Int64(rest)
    }

    static func money(nanos: Int64, sub: Int64) -> Money {
        Money(units: Int128(nanos) * nano + Int128(sub))
    }
}
