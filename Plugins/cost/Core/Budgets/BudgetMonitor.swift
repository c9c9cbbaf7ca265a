import GRDB

/// Budget spend, soft-threshold alerts and hard-limit decisions, all read from `daily_spend`.
enum BudgetMonitor {
    static func status(_ db: Database, budget: Budget, on day: Day) throws -> BudgetStatus {
        let interval = budget.period.interval(containing: day)
        let spent = try SpendQueries.spend(db, scope: budget.scope, subject: budget.subject, currency: budget.currency,
                                           interval: interval)
        let percent = spent.wholePercent(of: budget.limit)
        return BudgetStatus(id: budget.id, budget: budget, periodStart: interval.start, periodEnd: interval.end,
                            spent: spent, remaining: max(budget.limit - spent, .zero),
                            percentUsed: Int(clamping: percent))
    }

    /// Alerts for thresholds crossed by the entries just written. Each (budget, period, threshold)
    /// is recorded in `budget_alerts` in the same transaction as the charges, so an alert is
    /// published exactly once even across restarts and replays.
    static func newAlerts(_ db: Database, budgets: [Budget], written: [LedgerEntry], today: Day,
                          nowMillis: Int64) throws -> [BudgetAlert] {
        guard !budgets.isEmpty, !written.isEmpty else { return [] }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO budget_alerts (budget_id, period_start, threshold, at_ms, spent) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        var alerts: [BudgetAlert] = []
        for budget in budgets {
            let interval = budget.period.interval(containing: today)
            let touched = written.contains { entry in
                entry.currency == budget.currency && interval.contains(entry.usage.day)
                    && budget.scope.subject(of: entry.usage) == budget.subject
            }
            guard touched else { continue }
            let current = try status(db, budget: budget, on: today)
            for threshold in budget.softThresholds where current.percentUsed >= threshold {
                try insert.execute(arguments: [budget.id, interval.start.ordinal, threshold, nowMillis, current.spent.description])
                guard db.changesCount == 1 else { continue }
                alerts.append(BudgetAlert(budgetID: budget.id, scope: budget.scope, subject: budget.subject,
                                          period: budget.period, periodStart: interval.start, periodEnd: interval.end,
                                          thresholdPercent: threshold, spent: current.spent, limit: budget.limit,
                                          currency: budget.currency, hard: budget.hard))
            }
        }
        return alerts
    }
}
