@testable import CostCore
import XCTest

final class MoneyTests: XCTestCase {
    func testParsesDecimalAndScientificTextExactly() throws {
        XCTAssertEqual(try Money(parsing: "2.5e-06").units, 2_500_000_000_000)
        XCTAssertEqual(try Money(parsing: "2.5e-06").description, "0.0000025")
        XCTAssertEqual(try Money(parsing: "-12").description, "-12")
        XCTAssertEqual(try Money(parsing: "1E3").description, "1000")
        XCTAssertEqual(try Money(parsing: "0.000").description, "0")
        XCTAssertEqual(try Money(parsing: "1.4999999999999999e-07").description, "0.00000015")
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; here it is 0.3.
        XCTAssertEqual(try Money(parsing: "0.1") + Money(parsing: "0.2"), try Money(parsing: "0.3"))
    }

    func testRoundsPastTheEighteenthDigitHalfToEven() throws {
        XCTAssertEqual(try Money(parsing: "0.0000000000000000005").units, 0)   // 0.5 units → even 0
        XCTAssertEqual(try Money(parsing: "0.0000000000000000015").units, 2)   // 1.5 units → even 2
        XCTAssertEqual(try Money(parsing: "0.00000000000000000051").units, 1)  // above half
        XCTAssertEqual(try Money(parsing: "1e-30").units, 0)
    }

    func testRefusesTextThatIsNotAnAmount() {
        for text in ["", "abc", "1e", "1.2.3", "NaN", "--1", "1e400", "12 "] {
            XCTAssertThrowsError(try Money(parsing: text), text)
        }
        XCTAssertThrowsError(try Money(parsing: "1e16")) { error in
            XCTAssertTrue("\(error)".contains("magnitude"), "\(error)")
        }
    }

    func testScalingAndPercentagesRoundExactly() throws {
        let third = Money(whole: 1).scaled(by: 1, over: 3)
        XCTAssertEqual(third.description, "0.333333333333333333")
        XCTAssertEqual(Money(whole: 2).scaled(by: 1, over: 3).description, "0.666666666666666667")
        XCTAssertEqual(try Money(parsing: "79.999").wholePercent(of: Money(whole: 100)), 79)
        XCTAssertEqual(money("0.0000025") * 1_000_000, Money(whole: 2) + money("0.5"))
        XCTAssertEqual(try Money(parsing: "1.23456").formatted(fractionDigits: 2), "1.23")
        XCTAssertEqual(try Money(parsing: "-0.125").formatted(fractionDigits: 2), "-0.12")
    }

    func testTravelsAsAJSONString() throws {
        let data = try JSONEncoder().encode([try Money(parsing: "0.0025")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["0.0025"]"#)
        XCTAssertEqual(try JSONDecoder().decode([Money].self, from: data), [try Money(parsing: "0.0025")])
        XCTAssertThrowsError(try JSONDecoder().decode([Money].self, from: Data("[0.0025]".utf8)))
    }

    func testDaysAndPeriodsAreUTCCalendarDays() throws {
        let day = try XCTUnwrap(Day(iso: "2024-02-29"))
        XCTAssertEqual(day.description, "2024-02-29")
        XCTAssertEqual(Day(ordinal: 0).description, "1970-01-01")
        XCTAssertNil(Day(iso: "2023-02-29"))
        XCTAssertEqual(day.isoWeekday, 4)   // a Thursday
        XCTAssertEqual(BudgetPeriod.week.interval(containing: day).start.description, "2024-02-26")
        XCTAssertEqual(BudgetPeriod.week.interval(containing: day).end.description, "2024-03-03")
        XCTAssertEqual(BudgetPeriod.month.interval(containing: day).start.description, "2024-02-01")
        XCTAssertEqual(BudgetPeriod.month.interval(containing: day).dayCount, 29)
        XCTAssertEqual(Day(unixMillis: -1).description, "1969-12-31")
        XCTAssertEqual(Day(unixMillis: day.startMillis + 86_399_999), day)
    }
}
