/// An exact decimal amount with 18 fractional digits, held as a count of 10⁻¹⁸ units in an `Int128`.
///
/// Money never passes through binary floating point: prices are parsed from their decimal text,
/// a cost is a price times an integer token count, and sums are integer additions. 18 digits hold
/// every per-token price published today (the smallest are around 10⁻¹¹) with room to spare, and
/// the range (±1.7·10²⁰) is far beyond any ledger. Digits past the 18th are rounded half-to-even
/// when text is parsed; that is the only rounding, and it is documented in the README.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let fractionDigits = 18
    public static let unitsPerWhole: Int128 = 1_000_000_000_000_000_000
    /// Parsed amounts above this magnitude (a thousand trillion) are refused as absurd.
    public static let maximumMagnitude = Money(units: 1_000_000_000_000_000 * unitsPerWhole)

    /// The amount in 10⁻¹⁸ of the currency.
    public let units: Int128

    public init(units: Int128) {
        self.units = units
    }

    public init(whole: Int) {
        units = Int128(whole) * Self.unitsPerWhole
    }

    public static let zero = Money(units: 0)

    public var isNegative: Bool { units < 0 }
    public var isZero: Bool { units == 0 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units + rhs.units) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units - rhs.units) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static prefix func - (value: Money) -> Money { Money(units: -value.units) }

    /// A price per unit times a count of units (tokens): exact.
    public static func * (price: Money, count: Int) -> Money { Money(units: price.units * Int128(count)) }

    /// `self × numerator ÷ denominator`, rounded half-to-even at the 18th digit. The product is
    /// formed at double width, so it cannot overflow before the division.
    public func scaled(by numerator: Int128, over denominator: Int128) -> Money {
        precondition(denominator != 0, "Money.scaled: zero denominator")
        let negative = ((units < 0) != (numerator < 0)) != (denominator < 0)
        let product = units.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let divisor = denominator.magnitude
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var rounded = quotient
        let twice = remainder.multipliedReportingOverflow(by: 2)
        if twice.overflow || twice.partialValue > divisor || (twice.partialValue == divisor && quotient % 2 == 1) {
            rounded += 1
        }
        let magnitude = Int128(rounded)
        return Money(units: negative ? -magnitude : magnitude)
    }

    /// `self ÷ other` as a whole percentage, rounded down (for thresholds: 79.99 % is not 80 %).
    public func wholePercent(of whole: Money) -> Int128 {
        guard whole.units > 0 else { return units > 0 ? Int128.max : 0 }
        let (high, low) = units.magnitude.multipliedFullWidth(by: 100)
        let quotient = whole.units.magnitude.dividingFullWidth((high, low)).quotient
        return units < 0 ? -Int128(quotient) : Int128(quotient)
    }

    /// The canonical text: no exponent, no trailing fractional zeros ("0.0025", "12", "-3.5").
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt128(Self.unitsPerWhole)
        var fraction = magnitude % UInt128(Self.unitsPerWhole)
        var text = (units < 0 ? "-" : "") + String(whole)
        guard fraction != 0 else { return text }
        var digits = Self.fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }

    /// The amount with exactly `digits` fractional digits (rounded half-to-even), for tables.
    public func formatted(fractionDigits digits: Int) -> String {
        let drop = Int128(Self.fractionDigits - digits)
        var divisor: Int128 = 1
        for _ in 0..<drop { divisor *= 10 }
        let rounded = scaled(by: 1, over: divisor).units
        let magnitude = rounded.magnitude
        var scale: UInt128 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = magnitude / scale
        let fraction = String(magnitude % scale)
        let sign = rounded < 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}

extension Money: Codable {
    /// Money travels as a JSON string so that no JSON reader turns it into a binary double.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Money(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
