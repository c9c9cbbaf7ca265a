import GRDB

/// Settings of spike detection; defaults are documented in the README.
public struct AnomalySettings: Sendable, Codable, Equatable {
    /// Which dimensions are watched.
    public var scopes: [Scope] = [.project]
    /// Complete days before today that form the baseline.
    public var trailingDays: Int = 14
    /// Days of history (since the subject's first spend) needed before anything is called a spike.
    public var minimumHistoryDays: Int = 7
    /// Robust z-score: today must exceed median + `deviations` × 1.4826 × MAD …
    public var deviations: Int = 3
    /// … and at least `minimumRatio` × the median …
    public var minimumRatio: Int = 2
    /// … and at least this amount, so cents do not page anyone.
    public var minimumAmount: Money = Money(whole: 1)

    public init() {}

    enum CodingKeys: String, CodingKey {
        case scopes, trailingDays = "trailing_days", minimumHistoryDays = "minimum_history_days", deviations
        case minimumRatio = "minimum_ratio", minimumAmount = "minimum_amount"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AnomalySettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scopes = try container.decodeIfPresent([Scope].self, forKey: .scopes) ?? defaults.scopes
        trailingDays = try container.decodeIfPresent(Int.self, forKey: .trailingDays) ?? defaults.trailingDays
        minimumHistoryDays = try container.decodeIfPresent(Int.self, forKey: .minimumHistoryDays) ?? defaults.minimumHistoryDays
        deviations = try container.decodeIfPresent(Int.self, forKey: .deviations) ?? defaults.deviations
        minimumRatio = try container.decodeIfPresent(Int.self, forKey: .minimumRatio) ?? defaults.minimumRatio
        minimumAmount = try container.decodeIfPresent(Money.self, forKey: .minimumAmount) ?? defaults.minimumAmount
    }
}

/// The payload of `cost.anomaly`.
public struct CostAnomaly: Sendable, Codable, Equatable {
    public var scope: Scope
    public var subject: String
    public var day: Day
    public var currency: String
    /// Spend so far today.
    public var spent: Money
    /// Median daily spend of the trailing window.
    public var baselineMedian: Money
    /// Median absolute deviation of the trailing window.
    public var baselineMAD: Money
    /// The spend above which today counts as a spike.
    public var threshold: Money
    public var baselineDays: Int

    enum CodingKeys: String, CodingKey {
        case scope, subject, day, currency, spent, baselineMedian = "baseline_median", baselineMAD = "baseline_mad"
        case threshold, baselineDays = "baseline_days"
    }
}

/// Spike detection against a trailing baseline.
///
/// Method: the baseline is the daily spend of the `trailingDays` complete days before today
/// (days without spend count as zero, but only from the subject's first active day on). Its
/// median m and median absolute deviation d are robust to earlier spikes. Today's spend so far is
/// a spike when it exceeds max(m + k·1.4826·d, r·m, minimum amount). Comparing a partial day with
/// whole days errs on the quiet side: a spike is reported once it has already outspent a normal day.
/// Each (scope, subject, day) is reported at most once (recorded in `anomalies`).
enum AnomalyDetector {
    static func detect(_ db: Database, settings: AnomalySettings, written: [LedgerEntry], today: Day,
                       nowMillis: Int64) throws -> [CostAnomaly] {
        var subjects = Set<[String]>()
        for entry in written where entry.usage.day == today {
            for scope in settings.scopes {
                let subject = scope.subject(of: entry.usage)
                if !subject.isEmpty { subjects.insert([scope.rawValue, subject, entry.currency]) }
            }
        }
        var found: [CostAnomaly] = []
        for key in subjects.sorted(by: { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }) {
            guard let scope = Scope(rawValue: key[0]),
                  let anomaly = try evaluate(db, settings: settings, scope: scope, subject: key[1], currency: key[2],
                                             today: today) else { continue }
            try db.execute(sql: """
                INSERT INTO anomalies (scope, subject, day, currency, at_ms, spent, baseline) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [scope.rawValue, anomaly.subject, today.ordinal, anomaly.currency, nowMillis,
                                 anomaly.spent.description, anomaly.baselineMedian.description])
            if db.changesCount == 1 { found.append(anomaly) }
        }
        return found
    }

    static func evaluate(_ db: Database, settings: AnomalySettings, scope: Scope, subject: String, currency: String,
                         today: Day) throws -> CostAnomaly? {
        guard let first = try SpendQueries.firstActiveDay(db, scope: scope, subject: subject, currency: currency) else { return nil }
        let start = max(first, today.advanced(by: -settings.trailingDays))
        let end = today.advanced(by: -1)
        guard start <= end, start.distance(to: end) + 1 >= settings.minimumHistoryDays else { return nil }
        let window = PeriodInterval(start: start, end: end)
        let byDay = try SpendQueries.dailySpend(db, scope: scope, subject: subject, currency: currency, interval: window)
        let baseline = (start...end).map { byDay[$0] ?? .zero }
        let spent = try SpendQueries.spend(db, scope: scope, subject: subject, currency: currency,
                                           interval: PeriodInterval(start: today, end: today))
        let median = Statistics.median(baseline)
        let mad = Statistics.median(baseline.map { $0 > median ? $0 - median : median - $0 })
        // 1.4826 scales a MAD to a standard deviation for normally distributed data.
        let spread = mad.scaled(by: 14_826 * Int128(settings.deviations), over: 10_000)
        let threshold = max(median + spread, median * settings.minimumRatio, settings.minimumAmount)
        guard spent > threshold else { return nil }
        return CostAnomaly(scope: scope, subject: subject, day: today, currency: currency, spent: spent,
                           baselineMedian: median, baselineMAD: mad, threshold: threshold, baselineDays: baseline.count)
    }
}

enum Statistics {
    /// Median of exact amounts (the mean of the two middle values for an even count).
    static func median(_ values: [Money]) -> Money {
        guard !values.isEmpty else { return .zero }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        return (sorted[middle - 1] + sorted[middle]).scaled(by: 1, over: 2)
    }
}
