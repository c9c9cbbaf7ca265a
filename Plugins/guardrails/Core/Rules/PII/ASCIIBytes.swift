/// Byte classes the hand-written scanners test; non-ASCII bytes are in none of them.
extension UInt8 {
    @inline(__always) var isDigit: Bool { self &- 0x30 < 10 }
    @inline(__always) var isUpper: Bool { self &- 0x41 < 26 }
    @inline(__always) var isLower: Bool { self &- 0x61 < 26 }
    @inline(__always) var isLetter: Bool { (self | 0x20) &- 0x61 < 26 }
    @inline(__always) var isHexDigit: Bool { isDigit || (self | 0x20) &- 0x61 < 6 }
    /// Letters, digits and `_`: bytes that continue a word.
    @inline(__always) var isWordByte: Bool { isLetterOrDigit || self == 0x5F }
    @inline(__always) var lowercasedASCII: UInt8 { isUpper ? self | 0x20 : self }
    /// Letters, digits, `+ / = - _`: the alphabets of base64 and base64url.
    @inline(__always) var isBase64Byte: Bool {
        isLetterOrDigit || self == 0x2B || self == 0x2F || self == 0x3D || self == 0x2D || self == 0x5F
    }
    /// Space, `"` or `'`: what may sit between a secret's name, its `=` and its value.
    @inline(__always) var isQuoteOrSpace: Bool { self == 0x20 || self == 0x22 || self == 0x27 }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `literal` (ASCII, compared case-insensitively) occurs at `index`.
    func hasASCII(_ literal: StaticString, at index: Int, caseInsensitive: Bool = false) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index >= 0, index + length <= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<length {
            let byte = self[index + offset]
            let expected = start[offset]
            if caseInsensitive ? byte.lowercasedASCII != expected : byte != expected { return false }
        }
        return true
    }

    /// Whether any of `words` (lower-case; ASCII compared case-insensitively) occurs in `range`.
    /// One pass over the range: a position is compared with the words only when its byte is the
    /// first byte of one of them.
    func containsAny(_ words: [[UInt8]], in range: Range<Int>) -> Bool {
        let lower = Swift.max(range.lowerBound, 0)
        let upper = Swift.min(range.upperBound, count)
        guard lower < upper else { return false }
        var firstBytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in words where !word.isEmpty {
            let byte = word[0]
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: firstBytes.0 |= bit
            case 1: firstBytes.1 |= bit
            case 2: firstBytes.2 |= bit
            default: firstBytes.3 |= bit
            }
        }
        for index in lower..<upper {
            let byte = self[index].lowercasedASCII
            let mask: UInt64
            switch byte >> 6 {
            case 0: mask = firstBytes.0
            case 1: mask = firstBytes.1
            case 2: mask = firstBytes.2
            default: mask = firstBytes.3
            }
            guard mask & (UInt64(1) << UInt64(byte & 63)) != 0 else { continue }
            for word in words where !word.isEmpty && word[0] == byte && index + word.count <= upper {
                var offset = 1
                while offset < word.count, self[index + offset].lowercasedASCII == word[offset] { offset += 1 }
                if offset == word.count { return true }
            }
        }
        return false
    }
}

/// What each byte is to the PII scanner, as bits of one table entry, so the scan tests a byte
/// with one load instead of a chain of comparisons. Non-ASCII bytes are in no class.
enum PIIByteClass {
    /// Letters, digits and `_`: bytes that continue a word.
    static var word: UInt8 { 1 }
    /// Word bytes and `- + / = . :`: bytes of a token (a key, an address, a number).
    static var token: UInt8 { 2 }
    static var letter: UInt8 { 4 }
    /// Bytes where a finding may start: letters, digits, `@`, `-`, `+`, `(`.
    static var start: UInt8 { 8 }

    /// 256 entries, allocated once and never freed (read through a pointer: no bounds or
    /// reference-count work in the scan loops).
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 {
            let byte = UInt8(value)
            var bits: UInt8 = 0
            if byte.isWordByte { bits |= word | token }
            if [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "."),
                UInt8(ascii: ":")].contains(byte) { bits |= token }
            if byte.isLetter { bits |= letter }
            if byte.isLetterOrDigit || [UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "(")].contains(byte) {
                bits |= start
            }
            table[value] = bits
        }
        return UnsafePointer(table)
    }()
}
