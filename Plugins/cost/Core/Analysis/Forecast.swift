import GRDB

/// Projected end-of-period spend of one budget.
public struct BudgetForecast: Sendable, Codable, Equatable {
    public var budgetID: String
    public var periodStart: Day
    public var periodEnd: Day
    public var spent: Money
    public var projected: Money
    public var limit: Money
    public var currency: String
    /// `projected − limit` when positive, else zero.
    public var projectedOverrun: Money
    /// `run_rate` or `linear_trend`.
    public var method: String
    public var elapsedDays: String

    enum CodingKeys: String, CodingKey {
        case budgetID = "budget_id", periodStart = "period_start", periodEnd = "period_end", spent, projected, limit
        case currency, projectedOverrun = "projected_overrun", method, elapsedDays = "elapsed_days"
    }
}

/// End-of-period projection from the period's own trend.
///
/// Method: let the period have L days, of which e (fractional, to the millisecond) have elapsed,
/// with spend S so far and complete days 1…n with daily spend y₁…yₙ.
/// - With fewer than 3 complete days (or a daily budget) the projection is the run rate:
///   S × L / e.
/// - Otherwise an ordinary least-squares line y = a + b·t is fitted to the complete days, and the
///   projection is S plus the line's value for the rest of today (pro rata) and for each remaining
///   day, each clamped at zero (a falling trend never predicts refunds).
/// All arithmetic is exact decimal; divisions round half-to-even at 10⁻¹⁸.
enum Forecaster {
    static let millisPerDay: Int128 = 86_400_000

    static func forecast(_ db: Database, budget: Budget, nowMillis: Int64) throws -> BudgetForecast {
        let today = Day(unixMillis: nowMillis)
        let interval = budget.period.interval(containing: today)
        let spent = try SpendQueries.spend(db, scope: budget.scope, subject: budget.subject, currency: budget.currency,
                                           interval: interval)
        let elapsedMillis = Int128(nowMillis - interval.startMillis)
        let periodMillis = Int128(interval.dayCount) * millisPerDay
        let completeDays = interval.start.distance(to: today)
        var projected: Money
        var method: String
        if completeDays < 3 || budget.period == .day {
            method = "run_rate"
            projected = elapsedMillis > 0 ? spent.scaled(by: periodMillis, over: elapsedMillis) : spent
        } else {
            method = "linear_trend"
            let byDay = try SpendQueries.dailySpend(db, scope: budget.scope, subject: budget.subject,
                                                    currency: budget.currency,
                                                    interval: PeriodInterval(start: interval.start, end: today.advanced(by: -1)))
            let ys = (0..<completeDays).map { byDay[interval.start.advanced(by: $0)] ?? .zero }
            let line = LeastSquares(ys)
            let todayIndex = completeDays
            let restOfToday = millisPerDay - (elapsedMillis - Int128(completeDays) * millisPerDay)
            projected = spent + max(line.value(at: todayIndex), .zero).scaled(by: restOfToday, over: millisPerDay)
            for index in (todayIndex + 1)..<interval.dayCount {
                projected += max(line.value(at: index), .zero)
            }
        }
        let elapsed = Money(units: elapsedMillis * Money.unitsPerWhole).scaled(by: 1, over: millisPerDay)
        return BudgetForecast(budgetID: budget.id, periodStart: interval.start, periodEnd: interval.end, spent: spent,
                              projected: projected, limit: budget.limit, currency: budget.currency,
                              projectedOverrun: max(projected - budget.limit, .zero), method: method,
                              elapsedDays: elapsed.formatted(fractionDigits: 3))
    }
}

/// y = a + b·t fitted by ordinary least squares to y₀…yₙ₋₁ at t = 0…n−1, in exact decimals.
struct LeastSquares {
    let intercept: Money
    /// Slope per day, kept as a fraction (numerator in 10⁻¹⁸ units over `slopeDenominator`) to avoid rounding twice.
    let slopeNumerator: Int128
    let slopeDenominator: Int128

    init(_ ys: [Money]) {
        let n = Int128(ys.count)
        // With t̄ = (n−1)/2: b = Σ(t−t̄)(y−ȳ) / Σ(t−t̄)²; doubling t−t̄ keeps everything integral.
        let sumY = ys.reduce(Int128(0)) { $0 + $1.units }
        var numerator: Int128 = 0
        var denominator: Int128 = 0
        for (index, y) in ys.enumerated() {
            let twiceCentered = 2 * Int128(index) - (n - 1)
            numerator += twiceCentered * y.units
            denominator += twiceCentered * twiceCentered
        }
        // b = (Σ 2(t−t̄)·y) / (Σ (2(t−t̄))² / 2) = 2·numerator / denominator.
        slopeNumerator = 2 * numerator
        slopeDenominator = max(denominator, 1)
        // a = ȳ − b·t̄ = sumY/n − b·(n−1)/2
        let mean = Money(units: sumY).scaled(by: 1, over: max(n, 1))
        let slopeTimesMeanT = Money(units: slopeNumerator).scaled(by: n - 1, over: 2 * slopeDenominator)
        intercept = mean - slopeTimesMeanT
    }

    func value(at t: Int) -> Money {
        intercept + Money(units: slopeNumerator).scaled(by: Int128(t), over: slopeDenominator)
    }
}

public enum ForecastMethod {
    /// The method in one paragraph, returned with every forecast so callers need not guess.
    public static let description = """
        run_rate (daily budgets, or fewer than 3 complete days in the period): spent × period length ÷ elapsed time. \
        linear_trend (otherwise): an ordinary least-squares line through the complete days' spend, projected over the \
        rest of today (pro rata) and the remaining days, each day clamped at zero, added to the spend so far. \
        Exact decimal arithmetic; periods are UTC days, ISO weeks and calendar months.
        """
}
