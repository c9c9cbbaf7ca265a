/// Which dimension a budget or an anomaly watch is about.
public enum Scope: String, Sendable, Codable, CaseIterable {
    case project, user, tenant

    /// The subject as an unvalidated event names it (absent: the empty subject, as recorded).
    func subject(of event: UsageEvent) -> String {
        switch self {
        case .project: return event.project ?? ""
        case .user: return event.user ?? ""
        case .tenant: return event.tenant ?? ""
        }
    }

    func subject(of usage: ValidatedUsage) -> String {
        switch self {
        case .project: return usage.project
        case .user: return usage.user
        case .tenant: return usage.tenant
        }
    }
}

/// A spending limit for one project, user or tenant over a day, week or month (UTC).
///
/// Soft thresholds are percentages of `limit`; crossing each publishes `cost.budget.alert` once
/// per period. With `hard`, `cost.check` denies a request that would take spend past `limit`.
public struct Budget: Sendable, Codable, Equatable {
    public var scope: Scope
    public var subject: String
    public var period: BudgetPeriod
    public var limit: Money
    public var currency: String
    public var softThresholds: [Int]
    public var hard: Bool

    public init(scope: Scope, subject: String, period: BudgetPeriod, limit: Money, currency: String = "USD",
                softThresholds: [Int] = [50, 80, 100], hard: Bool = false) {
        self.scope = scope
        self.subject = subject
        self.period = period
        self.limit = limit
        self.currency = currency
        self.softThresholds = softThresholds
        self.hard = hard
    }

    /// `project:alpha:month`: one budget per scope, subject and period.
    public var id: String { "\(scope.rawValue):\(subject):\(period.rawValue)" }

    enum CodingKeys: String, CodingKey {
        case scope, subject, period, limit, currency, softThresholds = "soft_thresholds", hard
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = try container.decode(Scope.self, forKey: .scope)
        subject = try container.decode(String.self, forKey: .subject)
        period = try container.decode(BudgetPeriod.self, forKey: .period)
        limit = try container.decode(Money.self, forKey: .limit)
        currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? "USD"
        softThresholds = try container.decodeIfPresent([Int].self, forKey: .softThresholds) ?? [50, 80, 100]
        hard = try container.decodeIfPresent(Bool.self, forKey: .hard) ?? false
    }

    public func validated() throws(CostError) -> Budget {
        guard !subject.isEmpty else { throw .invalidField("subject", "must not be empty") }
        guard limit > .zero else { throw .invalidField("limit", "must be greater than zero, got \(limit)") }
        guard currency.count == 3, currency.allSatisfy({ $0.isUppercase && $0.isASCII }) else {
            throw .invalidField("currency", "expected an ISO 4217 code such as USD, got \"\(currency)\"")
        }
        for threshold in softThresholds where !(1...1000).contains(threshold) {
            throw .invalidField("soft_thresholds", "each threshold is a percentage from 1 to 1000, got \(threshold)")
        }
        var copy = self
        copy.softThresholds = Array(Set(softThresholds)).sorted()
        return copy
    }
}

/// A budget with its spend in the period containing a given day.
public struct BudgetStatus: Sendable, Codable, Equatable {
    public var id: String
    public var budget: Budget
    public var periodStart: Day
    public var periodEnd: Day
    public var spent: Money
    public var remaining: Money
    public var percentUsed: Int

    enum CodingKeys: String, CodingKey {
        case id, budget, periodStart = "period_start", periodEnd = "period_end", spent, remaining, percentUsed = "percent_used"
    }

    /// Counts a charge not yet in the stored totals.
    mutating func add(_ cost: Money) {
        spent += cost
        remaining = max(budget.limit - spent, .zero)
        percentUsed = Int(clamping: spent.wholePercent(of: budget.limit))
    }
}

/// The payload of `cost.budget.alert`.
public struct BudgetAlert: Sendable, Codable, Equatable {
    public var budgetID: String
    public var scope: Scope
    public var subject: String
    public var period: BudgetPeriod
    public var periodStart: Day
    public var periodEnd: Day
    public var thresholdPercent: Int
    public var spent: Money
    public var limit: Money
    public var currency: String
    public var hard: Bool

    enum CodingKeys: String, CodingKey {
        case budgetID = "budget_id", scope, subject, period, periodStart = "period_start", periodEnd = "period_end"
        case thresholdPercent = "threshold_percent", spent, limit, currency, hard
    }
}
