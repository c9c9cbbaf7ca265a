extension JSONReader {
    /// Reads a string starting at the opening quote under the cursor.
    ///
    /// Strings without escapes (the common case) are decoded straight from the input bytes;
    /// only strings containing a backslash pay for a scratch buffer.
    mutating func readString() throws(JSONParseError) -> String {
        let openingQuote = offset
        offset += 1
        let contentStart = offset
        offset = JSONStringScan.firstSpecialByte(in: bytes, from: offset, to: bytes.count)
        guard offset < bytes.count else { throw error("unterminated string", at: openingQuote) }
        let byte = bytes[offset]
        if byte == ASCII.quote {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]), as: UTF8.self)
            offset += 1
            return text
        }
        if byte == ASCII.backslash {
            var decoded = Array(bytes[contentStart..<offset])
            return try readEscapedRemainder(into: &decoded, openingQuote: openingQuote)
        }
        throw controlCharacterError(byte)
    }

    private mutating func readEscapedRemainder(
        into decoded: inout [UInt8],
        openingQuote: Int
    ) throws(JSONParseError) -> String {
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case ASCII.quote:
                offset += 1
                return String(decoding: decoded, as: UTF8.self)
            case ASCII.backslash:
                try readEscape(into: &decoded, openingQuote: openingQuote)
            case let control where control < ASCII.firstPrintable:
                throw controlCharacterError(control)
            default:
                let runEnd = JSONStringScan.firstSpecialByte(in: bytes, from: offset, to: bytes.count)
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<runEnd]))
                offset = runEnd
            }
        }
        throw error("unterminated string", at: openingQuote)
    }

    private mutating func readEscape(into decoded: inout [UInt8], openingQuote: Int) throws(JSONParseError) {
        let backslash = offset
        guard backslash + 1 < bytes.count else { throw error("unterminated string", at: openingQuote) }
        offset += 2
        switch bytes[backslash + 1] {
        case ASCII.quote: decoded.append(ASCII.quote)
        case ASCII.backslash: decoded.append(ASCII.backslash)
        case ASCII.slash: decoded.append(ASCII.slash)
        case UInt8(ascii: "b"): decoded.append(ASCII.backspace)
        case UInt8(ascii: "f"): decoded.append(ASCII.formFeed)
        case UInt8(ascii: "n"): decoded.append(ASCII.lineFeed)
        case UInt8(ascii: "r"): decoded.append(ASCII.carriageReturn)
        case UInt8(ascii: "t"): decoded.append(ASCII.tab)
        case UInt8(ascii: "u"):
            let scalar = try readUnicodeEscape(backslash: backslash)
            UTF8.encode(scalar) { decoded.append($0) }
        default:
            throw invalidEscapeError(at: backslash)
        }
    }

    /// Decodes `\uXXXX`, combining a UTF-16 surrogate pair into one scalar. A surrogate that is not
    /// part of a pair cannot be represented in a Swift `String`, so it is rejected rather than
    /// silently replaced.
    private mutating func readUnicodeEscape(backslash: Int) throws(JSONParseError) -> Unicode.Scalar {
        let unit = try readHexQuad(backslash: backslash)
        switch unit {
        case 0xD800...0xDBFF:
            let lowBackslash = offset
            guard offset + 1 < bytes.count,
                  bytes[offset] == ASCII.backslash,
                  bytes[offset + 1] == UInt8(ascii: "u")
            else { throw loneSurrogateError(unit, at: backslash) }
            offset += 2
            let low = try readHexQuad(backslash: lowBackslash)
            guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogateError(unit, at: backslash) }
            let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            // Always valid: a high/low pair maps into U+10000...U+10FFFF.
            return Unicode.Scalar(combined) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            throw loneSurrogateError(unit, at: backslash)
        default:
            // Always valid: surrogates, the only invalid UInt16 scalars, were handled above.
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    /// Reads the four hex digits after `\u`; the cursor is just past the `u`.
    private mutating func readHexQuad(backslash: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = Self.hexDigitValue(bytes[offset]) else {
                throw error("invalid \\u escape: expected four hex digits", at: backslash)
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private mutating func invalidEscapeError(at backslash: Int) -> JSONParseError {
        let escaped = bytes[backslash + 1]
        if escaped > 0x20 && escaped < 0x7F {
            return error("invalid escape sequence '\\\(Character(Unicode.Scalar(escaped)))' in string", at: backslash)
        }
        return error("invalid escape sequence in string: '\\' followed by \(describeCharacter(at: backslash + 1))",
                     at: backslash)
    }

    private mutating func loneSurrogateError(_ unit: UInt32, at position: Int) -> JSONParseError {
        error("lone surrogate \\u\(Self.hex4(unit)) in string", at: position)
    }

    private mutating func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        if byte == ASCII.lineFeed {
            return error("unescaped line break in string (write it as \\n)", at: offset)
        }
        return error("unescaped control character U+\(Self.hex4(UInt32(byte))) in string", at: offset)
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
