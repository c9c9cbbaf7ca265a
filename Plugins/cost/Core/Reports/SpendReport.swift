import GRDB

/// A dimension a report can group by.
public enum ReportDimension: String, Sendable, Codable, CaseIterable {
    case project, user, tenant, model, provider, day

    var column: String {
        switch self {
        case .user: return "user_name"
        default: return rawValue
        }
    }
}

/// What `cost.report` is asked for.
public struct ReportRequest: Sendable, Codable, Equatable {
    /// First and last UTC day, inclusive; or `month` (`YYYY-MM`) instead of both.
    public var from: Day?
    public var to: Day?
    public var month: String?
    public var groupBy: [ReportDimension]
    public var project: String?
    public var user: String?
    public var tenant: String?
    public var provider: String?
    public var model: String?
    /// `json` (default) or `csv`.
    public var format: String?

    public init(from: Day? = nil, to: Day? = nil, month: String? = nil, groupBy: [ReportDimension] = [],
                project: String? = nil, user: String? = nil, tenant: String? = nil, provider: String? = nil,
                model: String? = nil, format: String? = nil) {
        self.from = from
        self.to = to
        self.month = month
        self.groupBy = groupBy
        self.project = project
        self.user = user
        self.tenant = tenant
        self.provider = provider
        self.model = model
        self.format = format
    }

    enum CodingKeys: String, CodingKey {
        case from, to, month, groupBy = "group_by", project, user, tenant, provider, model, format
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeIfPresent(Day.self, forKey: .from)
        to = try container.decodeIfPresent(Day.self, forKey: .to)
        month = try container.decodeIfPresent(String.self, forKey: .month)
        groupBy = try container.decodeIfPresent([ReportDimension].self, forKey: .groupBy) ?? []
        project = try container.decodeIfPresent(String.self, forKey: .project)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        provider = try container.decodeIfPresent(String.self, forKey: .provider)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        format = try container.decodeIfPresent(String.self, forKey: .format)
    }

    /// The days covered; defaults to the current UTC month.
    public func interval(today: Day) throws(CostError) -> PeriodInterval {
        if let month {
            guard from == nil, to == nil else { throw .invalidField("month", "give either month or from/to, not both") }
            guard let interval = PeriodInterval(month: month) else {
                throw .invalidField("month", "expected YYYY-MM, got \"\(month)\"")
            }
            return interval
        }
        let current = BudgetPeriod.month.interval(containing: today)
        let interval = PeriodInterval(start: from ?? current.start, end: to ?? (from == nil ? current.end : today))
        guard interval.start <= interval.end else { throw .invalidField("to", "\(interval.end) is before from \(interval.start)") }
        guard interval.dayCount <= 3660 else { throw .invalidField("to", "a report covers at most ten years") }
        return interval
    }
}

/// One group of a report.
public struct ReportRow: Sendable, Codable, Equatable {
    /// Dimension name → value (`"project": "alpha"`, `"day": "2026-11-03"`).
    public var keys: [String: String]
    public var currency: String
    public var requests: Int64
    public var unpricedRequests: Int64
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var outputTokens: Int64
    public var cost: Money

    enum CodingKeys: String, CodingKey {
        case keys, currency, requests, unpricedRequests = "unpriced_requests", inputTokens = "input_tokens"
        case cachedInputTokens = "cached_input_tokens", outputTokens = "output_tokens", cost
    }
}

public struct SpendReport: Sendable, Codable, Equatable {
    public var from: Day
    public var to: Day
    public var groupBy: [ReportDimension]
    /// Highest cost first.
    public var rows: [ReportRow]
    /// One total per currency.
    public var totals: [ReportRow]

    enum CodingKeys: String, CodingKey { case from, to, groupBy = "group_by", rows, totals }

    /// RFC 4180 CSV: the group-by columns, then currency and the measures.
    public var csv: String {
        var lines = [(groupBy.map(\.rawValue) + ["currency", "requests", "unpriced_requests", "input_tokens",
                                                  "cached_input_tokens", "output_tokens", "cost"]).joined(separator: ",")]
        for row in rows {
            let fields = groupBy.map { CSV.field(row.keys[$0.rawValue] ?? "") }
                + [CSV.field(row.currency), String(row.requests), String(row.unpricedRequests), String(row.inputTokens),
                   String(row.cachedInputTokens), String(row.outputTokens), row.cost.description]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Builds reports from `daily_spend`, never from the ledger rows themselves: a month of a busy
/// ledger is a few thousand rollup rows however many requests it holds.
enum ReportBuilder {
    static func build(_ db: Database, request: ReportRequest, today: Day) throws -> SpendReport {
        let interval = try request.interval(today: today)
        var dimensions: [ReportDimension] = []
        for dimension in request.groupBy where !dimensions.contains(dimension) { dimensions.append(dimension) }
        let filters: [(ReportDimension, String)] = [(.project, request.project), (.user, request.user), (.tenant, request.tenant),
                                                    (.provider, request.provider.map(PriceCatalogue.canonicalProvider)),
                                                    (.model, request.model)].compactMap { dimension, value in value.map { (dimension, $0) } }
        let named = Set(dimensions + filters.map(\.0)).subtracting([.day])
        let (sql, arguments) = named.count <= 1
            ? singleDimensionQuery(named.first ?? .provider, dimensions: dimensions, filters: filters, interval: interval)
            : crossDimensionQuery(dimensions: dimensions, filters: filters, interval: interval)
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        var rows: [ReportRow] = []
        var totals: [String: ReportRow] = [:]
        while let row = try cursor.next() {
            var keys: [String: String] = [:]
            for (index, dimension) in dimensions.enumerated() {
                keys[dimension.rawValue] = dimension == .day ? Day(ordinal: row[index]).description : row[index]
            }
            let base = dimensions.count
            let currency: String = row[base]
            let measures = ReportRow(keys: keys, currency: currency, requests: row[base + 1], unpricedRequests: row[base + 2],
                                     inputTokens: row[base + 3], cachedInputTokens: row[base + 4],
                                     outputTokens: row[base + 5],
                                     cost: StoredAmount.money(nanos: row[base + 6], sub: row[base + 7]))
            rows.append(measures)
            var total = totals[currency] ?? ReportRow(keys: [:], currency: currency, requests: 0, unpricedRequests: 0,
                                                       inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, cost: .zero)
            total.requests += measures.requests
            total.unpricedRequests += measures.unpricedRequests
            total.inputTokens += measures.inputTokens
            total.cachedInputTokens += measures.cachedInputTokens
            total.outputTokens += measures.outputTokens
            total.cost += measures.cost
            totals[currency] = total
        }
        rows.sort { lhs, rhs in
            if lhs.cost != rhs.cost { return lhs.cost > rhs.cost }
            return dimensions.map { lhs.keys[$0.rawValue] ?? "" }.lexicographicallyPrecedes(dimensions.map { rhs.keys[$0.rawValue] ?? "" })
        }
        return SpendReport(from: interval.start, to: interval.end, groupBy: dimensions, rows: rows,
                           totals: totals.keys.sorted().compactMap { totals[$0] })
    }

    /// Grouping and filtering by at most one dimension (and the day) reads `daily_totals` for that
    /// dimension: every request is counted exactly once under any single dimension.
    static func singleDimensionQuery(_ dimension: ReportDimension, dimensions: [ReportDimension],
                                     filters: [(ReportDimension, String)], interval: PeriodInterval)
        -> (String, [any DatabaseValueConvertible]) {
        var conditions = ["dimension = ?", "day BETWEEN ? AND ?"]
        var arguments: [any DatabaseValueConvertible] = [dimension.rawValue, interval.start.ordinal, interval.end.ordinal]
        for (_, value) in filters {
            conditions.append("subject = ?")
            arguments.append(value)
        }
        let groupColumns = dimensions.map { $0 == .day ? "day" : "subject" } + ["currency"]
        return ("""
            SELECT \(groupColumns.joined(separator: ", ")), SUM(requests), SUM(unpriced), SUM(input_tokens),
              SUM(cached_input_tokens), SUM(output_tokens), SUM(cost_nano), SUM(cost_sub)
            FROM daily_totals WHERE \(conditions.joined(separator: " AND "))
            GROUP BY \(groupColumns.joined(separator: ", "))
            """, arguments)
    }

    /// Any other combination reads `daily_spend`, keyed by every dimension.
    static func crossDimensionQuery(dimensions: [ReportDimension], filters: [(ReportDimension, String)],
                                    interval: PeriodInterval) -> (String, [any DatabaseValueConvertible]) {
        var conditions = ["day BETWEEN ? AND ?"]
        var arguments: [any DatabaseValueConvertible] = [interval.start.ordinal, interval.end.ordinal]
        for (dimension, value) in filters {
            conditions.append("\(dimension.column) = ?")
            arguments.append(value)
        }
        let groupColumns = dimensions.map(\.column) + ["currency"]
        return ("""
            SELECT \(groupColumns.joined(separator: ", ")), SUM(requests), SUM(unpriced), SUM(input_tokens),
              SUM(cached_input_tokens), SUM(output_tokens), SUM(cost_nano), SUM(cost_sub)
            FROM daily_spend WHERE \(conditions.joined(separator: " AND "))
            GROUP BY \(groupColumns.joined(separator: ", "))
            """, arguments)
    }
}
