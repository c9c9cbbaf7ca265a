extension JSONReader {
    /// Reads a number per the RFC 8259 grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    /// Integers that fit in `Int64` stay exact; everything else becomes a `Double`.
    mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        let isNegative = bytes[offset] == ASCII.minus
        if isNegative { offset += 1 }

        guard let first = current, Self.isDigit(first) else {
            throw error("invalid number: expected a digit after '-', found \(describeCharacter(at: offset))", at: offset)
        }
        offset += 1
        if first == ASCII.zero {
            if let next = current, Self.isDigit(next) {
                throw error("invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            skipDigits()
        }
        let integerEnd = offset

        var isInteger = true
        if current == ASCII.period {
            isInteger = false
            offset += 1
            try expectDigit(after: "the decimal point")
        }
        if current == ASCII.lowercaseE || current == ASCII.uppercaseE {
            isInteger = false
            offset += 1
            if current == ASCII.plus || current == ASCII.minus { offset += 1 }
            try expectDigit(after: "the exponent marker")
        }

        if isInteger, let exact = exactInteger(digitsFrom: isNegative ? start + 1 : start, to: integerEnd,
                                               negative: isNegative) {
            return .int(exact)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw error("number \(text) is too large to represent", at: start)
        }
        return .double(number)
    }

    /// Reads `true`, `false` or `null`; the cursor is on its first letter.
    mutating func readLiteral() throws(JSONParseError) -> JSONValue {
        // Spelled out rather than looped over a table: a table literal here was an allocation per value.
        if matches("true") {
            offset += 4
            return .bool(true)
        }
        if matches("false") {
            offset += 5
            return .bool(false)
        }
        if matches("null") {
            offset += 4
            return .null
        }
        throw unknownLiteralError()
    }

    /// Names the whole word (`True`, `nul`, `NaN`) rather than its first letter, which is what the
    /// user needs to see to fix a mistyped literal.
    private mutating func unknownLiteralError() -> JSONParseError {
        var end = offset
        while end < bytes.count, end - offset < 24, Self.isAlphanumeric(bytes[end]) { end += 1 }
        guard end > offset else {
            return error("unexpected \(describeCharacter(at: offset)), expected a JSON value", at: offset)
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        return error("invalid literal '\(word)', expected a JSON value (literals are true, false and null)",
                     at: offset)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lowercased = byte | 0x20
        return isDigit(byte) || (lowercased >= UInt8(ascii: "a") && lowercased <= UInt8(ascii: "z"))
    }

    @inline(__always)
    private func matches(_ spelling: StaticString) -> Bool {
        let length = spelling.utf8CodeUnitCount
        guard bytes.count - offset >= length else { return false }
        for index in 0..<length where bytes[offset + index] != spelling.utf8Start[index] {
            return false
        }
        return true
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { offset += 1 }
    }

    private mutating func expectDigit(after what: String) throws(JSONParseError) {
        guard let byte = current, Self.isDigit(byte) else {
            throw error("invalid number: expected a digit after \(what), found \(describeCharacter(at: offset))",
                        at: offset)
        }
        skipDigits()
    }

    /// Accumulates the magnitude in a `UInt64` so that `Int64.min`, whose magnitude exceeds
    /// `Int64.max`, is still recognised as an exact integer.
    private func exactInteger(digitsFrom start: Int, to end: Int, negative: Bool) -> Int64? {
        var magnitude: UInt64 = 0
        for index in start..<end {
            let (shifted, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(bytes[index] - ASCII.zero))
            guard !overflowA, !overflowB else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        return Int64(exactly: magnitude)
    }
}
