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
    func containsAny(_ words: [[UInt8]], in range: Range<Int>) -> Bool {
        let lower = Swift.max(range.lowerBound, 0)
        let upper = Swift.min(range.upperBound, count)
        guard lower < upper else { return false }
        for word in words where word.count <= upper - lower {
            let first = word[0]
            var index = lower
            while index + word.count <= upper {
                if self[index].lowercasedASCII == first {
                    var offset = 1
                    while offset < word.count, self[index + offset].lowercasedASCII == word[offset] { offset += 1 }
                    if offset == word.count { return true }
                }
                index += 1
            }
        }
        return false
    }
}
