/// A JSON number compared by mathematical value, so `.int(3)` equals `.double(3.0)` and large
/// integers are not rounded through `Double` when compared with each other or with a double.
struct JSONNumber: Sendable, Comparable, CustomStringConvertible {
    private enum Storage: Sendable {
        case int(Int64)
        case double(Double)
    }

    private let storage: Storage

    init?(_ value: JSONValue) {
        switch value {
        case .int(let number): storage = .int(number)
        case .double(let number) where number.isFinite: storage = .double(number)
        default: return nil
        }
    }

    var description: String {
        switch storage {
        case .int(let number): return String(number)
        case .double(let number): return JSONValue.double(number).serialized()
        }
    }

    var doubleValue: Double {
        switch storage {
        case .int(let number): return Double(number)
        case .double(let number): return number
        }
    }

    /// Whether `self` is an integer multiple of `divisor`, which must be positive.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let value) = storage, case .int(let step) = divisor.storage {
            return value % step == 0
        }
        let quotient = doubleValue / divisor.doubleValue
        guard quotient.isFinite else { return false }
        // Decimal steps such as 0.1 are inexact in binary, so 0.3 / 0.1 is 2.9999999999999996;
        // allow a few units in the last place before calling it a remainder.
        return abs(quotient - quotient.rounded()) <= 4 * quotient.ulp
    }

    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) == 0
    }

    static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// The sign of `lhs - rhs`.
    private static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        switch (lhs.storage, rhs.storage) {
        case (.int(let left), .int(let right)):
            return left < right ? -1 : (left > right ? 1 : 0)
        case (.double(let left), .double(let right)):
            return left < right ? -1 : (left > right ? 1 : 0)
        case (.int(let left), .double(let right)):
            return compare(left, right)
        case (.double(let left), .int(let right)):
            return -compare(right, left)
        }
    }

    /// Compares exactly: converting `integer` to `Double` could round it onto `real`.
    private static func compare(_ integer: Int64, _ real: Double) -> Int {
        let twoToThe63 = 9_223_372_036_854_775_808.0
        if real >= twoToThe63 { return -1 }
        if real < -twoToThe63 { return 1 }
        let floor = real.rounded(.down)
        let wholePart = Int64(floor)
        if integer != wholePart { return integer < wholePart ? -1 : 1 }
        return real > floor ? -1 : 0
    }
}
