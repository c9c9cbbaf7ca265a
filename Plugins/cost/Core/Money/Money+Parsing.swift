/// Why a decimal text is not an amount.
public struct MoneyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public var description: String { "\"\(text)\" is not a decimal amount: \(reason)" }
}

extension Money {
    /// Parses a JSON-style decimal number exactly: `-12`, `0.0025`, `2.5e-06`, `1E3`.
    /// Digits past the 18th fractional digit are rounded half-to-even.
    public init(parsing text: String) throws(MoneyParseError) {
        let bytes = Array(text.utf8)
        func fail(_ reason: String) -> MoneyParseError { MoneyParseError(text: text, reason: reason) }
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // Significant digits as an integer (leading zeros skipped) and the power of ten they carry.
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
                if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte - UInt8(ascii: "0")) }
                if sawPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { throw fail("expected digits") }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var sawExponentDigit = false
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                sawExponentDigit = true
                value = min(value * 10 + Int(bytes[index] - UInt8(ascii: "0")), 100_000)
                index += 1
            }
            guard sawExponentDigit else { throw fail("expected digits after the exponent marker") }
            exponent += exponentNegative ? -value : value
        }
        guard index == bytes.count else { throw fail("unexpected character at offset \(index)") }

        // Value = digits × 10^exponent; units = value × 10^18.
        let shift = exponent + Self.fractionDigits
        var units: UInt128 = 0
        if digits.isEmpty {
            units = 0
        } else if shift >= 0 {
            guard digits.count + shift <= 37 else { throw fail("too large") }
            for digit in digits { units = units * 10 + UInt128(digit) }
            for _ in 0..<shift { units *= 10 }
        } else {
            // Keep digits.count + shift digits and round the rest half-to-even.
            let keep = digits.count + shift
            guard keep <= 37 else { throw fail("too large") }
            if keep >= 0 {
                for digit in digits[0..<keep] { units = units * 10 + UInt128(digit) }
            }
            let dropped = keep >= 0 ? Array(digits[keep...]) : Array(repeating: 0, count: -keep) + digits
            let first = dropped.first ?? 0
            let restNonZero = dropped.dropFirst().contains { $0 != 0 }
            if first > 5 || (first == 5 && (restNonZero || units % 2 == 1)) { units += 1 }
        }
        let signed = negative ? -Int128(units) : Int128(units)
        guard signed.magnitude <= Money.maximumMagnitude.units.magnitude else {
            throw fail("magnitude above \(Money.maximumMagnitude)")
        }
        self.init(units: signed)
    }
}
