import Foundation

/// Converts the text of a validated JSON number to the type a Decodable asks for.
///
/// Each conversion answers nil when the number does not fit the type exactly (integers) or is
/// not representable at all (overflow to infinity, underflow of a non-zero value to zero), as
/// Foundation's decoder refuses those too.
enum JSONNumberText {
    static func text(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + Int(node.start), count: Int(node.length)), as: UTF8.self)
    }

    // MARK: Integers

    /// The number as `T`, or nil if it is fractional or out of range. `1.0`, `1e2` and `1.50e1`
    /// are integers, as in Foundation; the check is exact decimal arithmetic, so no value is
    /// rounded through Double on the way.
    static func integer<T: FixedWidthInteger>(_ node: TapeNode, in bytes: UnsafePointer<UInt8>, as type: T.Type) -> T? {
        // The magnitude is accumulated in 64 bits where that suffices (all but Int128/UInt128).
        if T.bitWidth <= 64 { return integer(node, in: bytes, as: T.self, magnitude: UInt64.self) }
        if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *) {
            return integer(node, in: bytes, as: T.self, magnitude: UInt128.self)
        }
        return nil
    }

    private static func integer<T: FixedWidthInteger, Magnitude: FixedWidthInteger & UnsignedInteger>(
        _ node: TapeNode, in bytes: UnsafePointer<UInt8>, as type: T.Type, magnitude: Magnitude.Type
    ) -> T? {
        let text = bytes + Int(node.start)
        let length = Int(node.length)
        let negative = text[0] == UInt8(ascii: "-")
        let digitsStart = negative ? 1 : 0
        let value: Magnitude
        if node.flags & TapeNode.plainInteger != 0 {
            guard let plain = accumulate(Magnitude.self, count: length - digitsStart, digit: { text[digitsStart + $0] }) else {
                return nil
            }
            value = plain
        } else {
            guard let exact = exactIntegerMagnitude(text, length: length, from: digitsStart, as: Magnitude.self) else { return nil }
            value = exact
        }
        if negative {
            if value == 0 { return 0 }
            guard T.isSigned, value <= Magnitude(T.max) &+ 1 else { return nil }
            return T(truncatingIfNeeded: 0 &- value)  // two's complement of the magnitude
        }
        guard value <= Magnitude(T.max) else { return nil }
        return T(truncatingIfNeeded: value)
    }

    /// The decimal digits `digit(0..<count)` (ASCII) as a number, or nil on overflow.
    private static func accumulate<Magnitude: FixedWidthInteger>(_ type: Magnitude.Type, count: Int,
                                                                 digit: (Int) -> UInt8) -> Magnitude? {
        var value: Magnitude = 0
        for index in 0..<count {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(Magnitude(digit(index) &- UInt8(ascii: "0")))
            if overflow || carry { return nil }
            value = sum
        }
        return value
    }

    /// The magnitude of a number with a fraction or exponent if it is a whole number that fits.
    private static func exactIntegerMagnitude<Magnitude: FixedWidthInteger>(
        _ text: UnsafePointer<UInt8>, length: Int, from start: Int, as type: Magnitude.Type
    ) -> Magnitude? {
        // Split into integer digits, fraction digits and the exponent.
        var index = start
        while index < length && isDigit(text[index]) { index += 1 }
        let integerEnd = index
        var fractionStart = index
        if index < length && text[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < length && isDigit(text[index]) { index += 1 }
        }
        let fractionEnd = index
        let exponent = exponentValue(text, length: length, from: index)

        // Digits of the significand, integer part then fraction, read through one index space.
        let integerCount = integerEnd - start
        let total = integerCount + (fractionEnd - fractionStart)
        func digit(_ position: Int) -> UInt8 {
            position < integerCount ? text[start + position] : text[fractionStart + position - integerCount]
        }
        guard let first = (0..<total).first(where: { digit($0) != UInt8(ascii: "0") }) else { return 0 }
        let last = (0..<total).last(where: { digit($0) != UInt8(ascii: "0") })!
        // value = digits[first...last] × 10^scale, and digits[last] is not zero.
        let scale = exponent - (fractionEnd - fractionStart) + (total - 1 - last)
        guard scale >= 0, last - first + 1 + scale <= 40 else { return nil }
        guard var value = accumulate(Magnitude.self, count: last - first + 1, digit: { digit(first + $0) }) else { return nil }
        for _ in 0..<scale {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = times10
        }
        return value
    }

    /// The exponent after `e`, clamped so absurd exponents cannot overflow the arithmetic.
    private static func exponentValue(_ text: UnsafePointer<UInt8>, length: Int, from start: Int) -> Int {
        guard start < length else { return 0 }
        var index = start + 1  // skip the e or E
        var negative = false
        if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        while index < length {
            value = min(value * 10 + Int(text[index] &- UInt8(ascii: "0")), 1_000_000)
            index += 1
        }
        return negative ? -value : value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    // MARK: Floating point

    /// The significand as an integer (when it has at most 19 digits), the power of ten that
    /// scales it, and whether any of its digits is non-zero.
    private struct Parts {
        var significand: UInt64 = 0
        var significantDigits = 0
        var scale = 0
        var nonZero = false
        var negative = false
    }

    private static func parts(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Parts {
        let text = bytes + Int(node.start)
        let length = Int(node.length)
        var parts = Parts()
        var index = 0
        if text[0] == UInt8(ascii: "-") {
            parts.negative = true
            index = 1
        }
        var fractionDigits = 0
        var inFraction = false
        while index < length {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if isDigit(byte) {
                let digit = UInt64(byte &- UInt8(ascii: "0"))
                if digit != 0 { parts.nonZero = true }
                if parts.nonZero { parts.significantDigits += 1 }
                // Beyond 19 digits the significand is useless (the slow path is taken) but
                // must not overflow.
                if parts.significantDigits <= 19 { parts.significand = parts.significand &* 10 &+ digit }
                if inFraction { fractionDigits += 1 }
            } else {
                break  // e or E
            }
            index += 1
        }
        parts.scale = exponentValue(text, length: length, from: index) - fractionDigits
        return parts
    }

    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The nearest Double, or nil when the number overflows or a non-zero number underflows to
    /// zero.
    static func double(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Double? {
        let parts = parts(node, in: bytes)
        if !parts.nonZero { return parts.negative ? -0.0 : 0.0 }
        // Clinger's fast path: a significand below 2^53 and a power of ten up to 10^22 are both
        // exact Doubles, so one IEEE multiplication or division rounds correctly.
        if parts.significantDigits <= 15 && parts.scale >= -22 && parts.scale <= 22 {
            let significand = Double(parts.significand)
            let value = parts.scale < 0 ? significand / powersOf10[-parts.scale] : significand * powersOf10[parts.scale]
            return parts.negative ? -value : value
        }
        guard let value = Double(text(node, in: bytes)), value.isFinite, value != 0 else { return nil }
        return value
    }

    private static let powersOf10Float: [Float] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

    /// The nearest Float (rounded once, from the decimal text), or nil like `double`.
    static func float(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Float? {
        let parts = parts(node, in: bytes)
        if !parts.nonZero { return parts.negative ? -0.0 : 0.0 }
        if parts.significantDigits <= 7 && parts.scale >= -10 && parts.scale <= 10 {
            let significand = Float(parts.significand)
            let value = parts.scale < 0 ? significand / powersOf10Float[-parts.scale] : significand * powersOf10Float[parts.scale]
            return parts.negative ? -value : value
        }
        guard let value = Float(text(node, in: bytes)), value.isFinite, value != 0 else { return nil }
        return value
    }

    /// The number as a Decimal, or nil outside Decimal's range.
    static func decimal(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Decimal? {
        guard let value = Decimal(string: text(node, in: bytes), locale: nil), !value.isNaN else { return nil }
        return value
    }
}
