/// A forward-only reader over JSON bytes, for hand-written fast paths on hot payloads (an event
/// or a reply read on every request), where decoding through Codable costs ten times the work.
///
/// Every read answers nil on anything it does not expect (a different type, malformed JSON,
/// a number that is not a plain integer) and marks the reader `failed`. A fast path built on it
/// gives up on the first nil and decodes the payload the ordinary way, which accepts every
/// valid payload and reports every error: so the reader never needs to be complete, only right
/// about what it accepts.
///
/// The bytes must stay valid while the reader is used.
public struct JSONPullReader {
    private let bytes: UnsafeRawBufferPointer
    public private(set) var index = 0
    /// Set by any read that did not succeed.
    public private(set) var failed = false

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// True when only white space is left and nothing failed.
    public mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count && !failed
    }

    /// Consumes `{`; read the object's members with `nextKey` until it answers nil. Objects
    /// nest (up to 63 deep): each level keeps whether it has had a member yet.
    public mutating func beginObject() -> Bool {
        guard depth < 63, expect(UInt8(ascii: "{")) else { return failBool() }
        depth += 1
        memberSeenByLevel <<= 1
        return true
    }

    /// The next member's name (`"name":` consumed), or nil at the closing `}` (consumed) or on
    /// bad input (then `failed`). Call it once after `beginObject` and once after each value.
    public mutating func nextKey() -> String? {
        guard memberFollows(), let key = string(), expect(UInt8(ascii: ":")) else { return nil }
        return key
    }

    /// `nextKey` for a known set of names: the next name's index in `names` (`names.count` for
    /// one not in it), matched on the bytes without building a `String`.
    public mutating func nextKey(in names: JSONKeyTable) -> Int? {
        guard memberFollows() else { return nil }
        let quote = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        let found: Int
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            found = names.index(of: UnsafeRawBufferPointer(rebasing: bytes[(quote + 1)..<index]))
            index += 1
        } else {
            // An escaped (or malformed) name: decoded in full, then matched.
            index = quote
            guard var name = string() else { return nil }
            found = name.withUTF8 { names.index(of: UnsafeRawBufferPointer($0)) }
        }
        guard expect(UInt8(ascii: ":")) else { return nil }
        return found
    }

    /// Past the separator before the next member: true when a member's name (a quote) follows;
    /// false at the closing `}` (consumed) or on bad input (then `failed`).
    private mutating func memberFollows() -> Bool {
        skipSpace()
        guard index < bytes.count else { return failBool() }
        if bytes[index] == UInt8(ascii: "}") {
            guard depth > 0 else { return failBool() }
            index += 1
            depth -= 1
            memberSeenByLevel >>= 1
            return false
        }
        if bytes[index] == UInt8(ascii: ",") {
            guard memberSeen else { return failBool() }
            index += 1
            skipSpace()
        } else if memberSeen {
            return failBool()
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return failBool() }
        memberSeenByLevel |= 1
        return true
    }

    /// Bit n: whether the object n levels out from the current one has had a member (so its
    /// next one needs a comma).
    private var memberSeenByLevel: UInt64 = 0
    private var depth = 0
    private var memberSeen: Bool { memberSeenByLevel & 1 != 0 }

    /// True (and consumed) if the next value is `null`.
    public mutating func null() -> Bool {
        skipSpace()
        return literal("null")
    }

    /// A boolean value.
    public mutating func bool() -> Bool? {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        return fail()
    }

    /// An integer written as plain digits (optionally negative, at most 18 digits, no fraction
    /// or exponent).
    public mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 18, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return fail() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return fail()
            default: break
            }
        }
        return negative ? -value : value
    }

    /// A JSON string with its escapes decoded.
    public mutating func string() -> String? {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return fail() }
        index += 1
        let start = index
        // The common case has no escape: the text is one copy of a slice of the input.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return escapedString(from: start)
    }

    private mutating func escapedString(from start: Int) -> String? {
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: decoded, as: UTF8.self) ?? fail()
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return fail() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return fail() }
                    decoded.append(contentsOf: String(Character(scalar)).utf8)
                default: return fail()
                }
            case _ where byte < 0x20:
                return fail()
            default:
                decoded.append(byte)
            }
        }
        return fail()
    }

    /// The bytes of the next value, whatever it is, skipped without being checked: the caller
    /// parses them itself (and falls back if they are not valid JSON).
    public mutating func rawValue() -> UnsafeRawBufferPointer? {
        skipSpace()
        let start = index
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return fail() }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { return index > start ? UnsafeRawBufferPointer(rebasing: bytes[start..<index]) : fail() }
                depth -= 1
                index += 1
            case UInt8(ascii: ","):
                guard depth > 0 else { return index > start ? UnsafeRawBufferPointer(rebasing: bytes[start..<index]) : fail() }
                index += 1
            default:
                index += 1
            }
            if depth == 0, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "\"") {
                return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            }
        }
        return depth == 0 && index > start ? UnsafeRawBufferPointer(rebasing: bytes[start..<index]) : fail()
    }

    /// Reads an array: `element` is called for each element (after `[` and each `,`).
    public mutating func array(_ element: (inout JSONPullReader) -> Bool) -> Bool {
        guard expect(UInt8(ascii: "[")) else { return false }
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            guard element(&self), !failed else { return failBool() }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { break }
            index += 1
        }
        return expect(UInt8(ascii: "]"))
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = JSONStringText.hexValue(bytes[index]) else { return nil }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return failBool() }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func fail<T>() -> T? {
        failed = true
        return nil
    }

    private mutating func failBool() -> Bool {
        failed = true
        return false
    }
}

/// Member names a `JSONPullReader` matches by their bytes (`nextKey(in:)`).
public struct JSONKeyTable: Sendable {
    private let names: [[UInt8]]

    public init(_ names: [String]) {
        self.names = names.map { Array($0.utf8) }
    }

    public var count: Int { names.count }

    /// The index of the name spelled by `raw`, or `count`. Names are few and short: comparing
    /// the lengths first rejects most of them at once.
    func index(of raw: UnsafeRawBufferPointer) -> Int {
        for position in names.indices where names[position].count == raw.count {
            let same = names[position].withUnsafeBufferPointer { name in
                for offset in 0..<raw.count where name[offset] != raw[offset] { return false }
                return true
            }
            if same { return position }
        }
        return names.count
    }
}
