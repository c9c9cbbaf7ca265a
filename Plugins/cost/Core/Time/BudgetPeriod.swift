/// The length of a budget: a UTC day, an ISO week (Monday to Sunday) or a calendar month.
public enum BudgetPeriod: String, Sendable, Codable, CaseIterable {
    case day, week, month

    /// The period that contains `day`.
    public func interval(containing day: Day) -> PeriodInterval {
        switch self {
        case .day:
            return PeriodInterval(start: day, end: day)
        case .week:
            let start = day.advanced(by: -(day.isoWeekday - 1))
            return PeriodInterval(start: start, end: start.advanced(by: 6))
        case .month:
            let (year, month, _) = day.civil
            // Both are valid dates by construction (day 1 and the month's last day).
            let start = Day(ordinal: day.ordinal - day.civil.day + 1)
            return PeriodInterval(start: start, end: start.advanced(by: Day.daysInMonth(year: year, month: month) - 1))
        }
    }
}

/// Inclusive range of UTC days.
public struct PeriodInterval: Sendable, Hashable, Codable {
    public var start: Day
    public var end: Day

    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }

    public var dayCount: Int { end.ordinal - start.ordinal + 1 }
    public var startMillis: Int64 { start.startMillis }
    public var endMillis: Int64 { end.advanced(by: 1).startMillis }

    public func contains(_ day: Day) -> Bool { start <= day && day <= end }

    /// The month `YYYY-MM`.
    public init?(month text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              let first = Day(year: year, month: month, day: 1) else { return nil }
        self = BudgetPeriod.month.interval(containing: first)
    }
}
