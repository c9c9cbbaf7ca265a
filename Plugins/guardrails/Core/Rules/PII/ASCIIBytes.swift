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

    /// Whether any of `words` occurs in `range` (clipped to the text).
    func containsAny(_ words: ContextWords, in range: Range<Int>) -> Bool {
        words.occurs(in: self, range)
    }
}

/// Words (lower-case; ASCII compared case-insensitively) looked for near a candidate, grouped
/// by the byte they start with, with a table from every byte value (either case of an ASCII
/// letter) to its group built once: the scan then tests most positions with one load, and a
/// position that starts some word is compared with those words only, not with every word of
/// the list. The words sit one after another in one buffer. Immutable once built (hence
/// `@unchecked Sendable`: the tables are plain pointers, read without reference counting).
final class ContextWords: @unchecked Sendable {
    /// Per byte value: the words starting with it, `first | end << 16` (indices into `bounds`);
    /// 0 when there are none.
    private let groups: UnsafePointer<UInt32>
    /// The words' bytes, word `i` at `bytes[bounds[i]..<bounds[i + 1]]`.
    private let bytes: UnsafePointer<UInt8>
    private let bounds: UnsafePointer<Int>

    init(_ list: [String]) {
        // Grouped by first byte (a stable sort: the order inside a group does not matter).
        let words = list.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        let flat = words.flatMap { $0 }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(flat.count, 1))
        bytes.initialize(from: flat, count: flat.count)
        self.bytes = UnsafePointer(bytes)
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: words.count + 1)
        var offset = 0
        for (index, word) in words.enumerated() {
            bounds[index] = offset
            offset += word.count
        }
        bounds[words.count] = offset
        self.bounds = UnsafePointer(bounds)
        let groups = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
        for value in 0..<256 {
            let first = UInt8(value).lowercasedASCII
            let members = words.indices.filter { words[$0][0] == first }
            groups[value] = members.isEmpty ? 0 : UInt32(members.first!) | UInt32(members.last! + 1) << 16
        }
        self.groups = UnsafePointer(groups)
    }

    deinit {
        groups.deallocate()
        bytes.deallocate()
        bounds.deallocate()
    }

    func occurs(in text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let lower = Swift.max(range.lowerBound, 0)
        let upper = Swift.min(range.upperBound, text.count)
        guard lower < upper else { return false }
        for index in lower..<upper {
            let group = groups[Int(text[index])]
            guard group != 0 else { continue }
            for word in Int(group & 0xFFFF)..<Int(group >> 16) {
                let start = bounds[word], length = bounds[word + 1] - start
                guard index + length <= upper else { continue }
                var offset = 1
                while offset < length, text[index + offset].lowercasedASCII == bytes[start + offset] { offset += 1 }
                if offset == length { return true }
            }
        }
        return false
    }
}

/// The bytes of `chunk` (eight, first in the lowest byte) that are not ASCII letters: the high bit
/// of each such byte set, all other bits clear. No carry crosses a byte: every addition below
/// stays under 0x100 per byte.
@inline(__always)
func nonLetterBytes(_ chunk: UInt64) -> UInt64 {
    let high: UInt64 = 0x8080_8080_8080_8080
    let folded = (chunk | 0x2020_2020_2020_2020) & 0x7F7F_7F7F_7F7F_7F7F
    let atLeastA = folded &+ 0x1F1F_1F1F_1F1F_1F1F // high bit set from "a" (0x61) on
    let pastZ = folded &+ 0x0505_0505_0505_0505 // high bit set from "{" (0x7B) on
    let letters = atLeastA & ~pastZ & ~chunk & high
    return ~letters & high
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
    /// The top bits: the length of the scalar a byte leads (1 for ASCII and continuation bytes),
    /// so the scan steps over an ideograph in one iteration. No class bit is set on non-ASCII bytes.
    static var stepShift: UInt8 { 4 }

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
            let step: UInt8 = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            table[value] = bits | step << stepShift
        }
        return UnsafePointer(table)
    }()
}
