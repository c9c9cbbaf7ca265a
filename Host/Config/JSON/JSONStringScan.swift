/// Finds the bytes that end a run of plain string content: the quote, the backslash and the
/// control characters below U+0020. The parser stops there (end of string, escape, error) and the
/// writer escapes exactly those, so both share this scan.
enum JSONStringScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < ASCII.firstPrintable || byte == ASCII.quote || byte == ASCII.backslash
    }

    /// The index of the first special byte in `bytes[start..<end]`, or `end` when there is none.
    ///
    /// Eight bytes are tested at once (SWAR): typical strings are long runs of plain text, and a
    /// byte-at-a-time loop spent most of its time on the three comparisons.
    @inline(__always)
    static func firstSpecialByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index &+ 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if mayContainSpecialByte(word) { break }
                index &+= 8
            }
        }
        while index < end, !isSpecial(bytes[index]) { index &+= 1 }
        return index
    }

    /// Exact for "any byte is special" (the classic has-less-than and has-zero-byte tricks); only
    /// the positions of the flagged bits may be off, which the byte loop after it sorts out.
    @inline(__always)
    private static func mayContainSpecialByte(_ word: UInt64) -> Bool {
        let control = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* UInt64(ASCII.quote))
        let backslash = word ^ (ones &* UInt64(ASCII.backslash))
        let quoteFound = (quote &- ones) & ~quote
        let backslashFound = (backslash &- ones) & ~backslash
        return (control | quoteFound | backslashFound) & highBits != 0
    }
}
