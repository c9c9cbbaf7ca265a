import Foundation

extension JSONOutput {
    /// Writes `string` as a JSON string literal. Escaped, as RFC 8259 requires: `"`, `\` and
    /// control characters (the common ones as \n \t …, the rest as \u00xx, like Foundation).
    /// `/` and non-ASCII are written as they are (Foundation escapes `/` as `\/` by default;
    /// both mean the same).
    mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { writeString(utf8: $0) }
    }

    mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        append(UInt8(ascii: "\""))
        // Copy runs of bytes that need no escape in one go.
        var runStart = 0
        var index = Self.nextByteNeedingEscape(in: utf8, from: 0)
        while index < utf8.count {
            if runStart < index { append(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            writeEscape(utf8[index])
            runStart = index + 1
            index = Self.nextByteNeedingEscape(in: utf8, from: runStart)
        }
        if runStart < utf8.count { append(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        append(UInt8(ascii: "\""))
    }

    /// The index of the first quote, backslash or control character at or after `start` (or
    /// the count), testing eight bytes at a time like `TapeParser`'s string scan.
    private static func nextByteNeedingEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                // Zero-byte and below-0x20 tests, each exact at its lowest mark; `& ~word`
                // keeps non-ASCII bytes (which need no escape) from being marked.
                let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | (word &- ones &* 0x20)) & ~word & highs
                if special != 0 { return index + special.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
        case 0x08: append(UInt8(ascii: "\\"), UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "\\"), UInt8(ascii: "f"))
        case 0x0A: append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            append(hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Writes `data` as a Base64 string with padding, as Foundation's default data strategy.
    mutating func writeBase64(_ data: Data) {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let table = alphabet.utf8Start
        append(UInt8(ascii: "\""))
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var index = 0
            while index + 3 <= raw.count {
                let group = UInt32(raw[index]) << 16 | UInt32(raw[index + 1]) << 8 | UInt32(raw[index + 2])
                append(table[Int(group >> 18)], table[Int(group >> 12 & 0x3F)])
                append(table[Int(group >> 6 & 0x3F)], table[Int(group & 0x3F)])
                index += 3
            }
            switch raw.count - index {
            case 1:
                let group = UInt32(raw[index]) << 16
                append(table[Int(group >> 18)], table[Int(group >> 12 & 0x3F)])
                append(UInt8(ascii: "="), UInt8(ascii: "="))
            case 2:
                let group = UInt32(raw[index]) << 16 | UInt32(raw[index + 1]) << 8
                append(table[Int(group >> 18)], table[Int(group >> 12 & 0x3F)])
                append(table[Int(group >> 6 & 0x3F)], UInt8(ascii: "="))
            default:
                break
            }
        }
        append(UInt8(ascii: "\""))
    }
}
