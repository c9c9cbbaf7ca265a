extension JSONOutput {
    /// Writes an integer in decimal.
    mutating func writeInteger<T: FixedWidthInteger>(_ value: T) {
        if T.bitWidth > 64 {
            append(text: value.description)  // Int128 and UInt128: rare enough for the formatter
            return
        }
        if value < 0 {
            append(UInt8(ascii: "-"))
            writeDecimal(UInt64(value.magnitude))
        } else {
            writeDecimal(UInt64(value))
        }
    }

    private mutating func writeDecimal(_ value: UInt64) {
        if value < 10 {
            append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            var rest = value
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest != 0
            append(UnsafeBufferPointer(rebasing: digits[index...]))
        }
    }

    /// Writes a finite Double the way Foundation's encoder does: Swift's shortest round-trip
    /// form (`description`) without a trailing ".0", so 0.7 → 0.7, 1.0 → 1, 1e20 → 1e+20.
    mutating func writeDouble(_ value: Double) {
        // Whole numbers below 10^15 print as plain digits either way; skip the formatter.
        // (-0.0 is excluded: it prints as -0.)
        if value.magnitude < 1e15 && value.rounded(.towardZero) == value && !(value == 0 && value.sign == .minus) {
            writeInteger(Int64(value))
            return
        }
        if writeShortDecimal(value) { return }
        writeTrimmed(value.description)
    }

    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ]

    /// Writes `value` in plain decimal notation if it has at most 15 significant digits and
    /// Swift would print it in decimal notation (10^-4 ≤ |value| < 10^15), which covers the
    /// values people write (0.7, 12.25, 0.001). Swift's formatter finds the shortest digits
    /// that read back as `value`; so does this, more cheaply: the fewest fraction digits k for
    /// which m = round(|value| × 10^k) gives back exactly |value| as m / 10^k (both exact
    /// Doubles, so the division rounds once, as parsing does). With at most 15 digits, the
    /// decimal spacing exceeds a Double's precision, so that m is the only candidate: the same
    /// digits Swift prints. Otherwise answers false and writes nothing.
    private mutating func writeShortDecimal(_ value: Double) -> Bool {
        let magnitude = value.magnitude
        guard magnitude >= 1e-4 && magnitude < 1e15 else { return false }
        for fractionDigits in 1...18 {
            let scale = Self.powersOf10[fractionDigits]
            let scaled = (magnitude * scale).rounded()
            guard scaled < 1e15 else { return false }
            guard scaled / scale == magnitude else { continue }
            let digits = UInt64(scaled)
            let divisor = UInt64(scale)
            if value < 0 { append(UInt8(ascii: "-")) }
            writeInteger(digits / divisor)
            append(UInt8(ascii: "."))
            // The fraction, with its leading zeros: the digits of divisor + fraction after the 1.
            let fraction = divisor + digits % divisor
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
                var rest = fraction
                var index = 20
                while rest > 1 || index == 20 {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                append(UnsafeBufferPointer(rebasing: buffer[index...]))
            }
            return true
        }
        return false
    }

    /// Writes a finite Float like `writeDouble`, with Float's own shortest form (0.1 → 0.1).
    mutating func writeFloat(_ value: Float) {
        writeTrimmed(value.description)
    }

    private mutating func writeTrimmed(_ description: String) {
        var text = description
        text.withUTF8 { utf8 in
            var length = utf8.count
            if length > 2 && utf8[length - 2] == UInt8(ascii: ".") && utf8[length - 1] == UInt8(ascii: "0") { length -= 2 }
            append(UnsafeBufferPointer(rebasing: utf8[..<length]))
        }
    }
}
