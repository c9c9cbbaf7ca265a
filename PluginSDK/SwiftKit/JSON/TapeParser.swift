import Foundation

/// A strict RFC 8259 parser that validates the whole input and records every value in a flat
/// tape (`TapeNode`s) in one pass.
///
/// Strict means: no trailing commas, comments, single quotes, leading zeros, NaN/Infinity,
/// unescaped control characters, invalid escapes, lone UTF-16 surrogates or invalid UTF-8, and
/// nothing but whitespace after the top-level value. A UTF-8 byte order mark is skipped, as
/// RFC 8259 allows and Foundation does. Nesting deeper than `maximumDepth` is refused, like
/// Foundation, so hostile input cannot exhaust memory through the decoder's recursion.
///
/// The parser also notes which objects may contain a key twice (`TapeNode.mayRepeatKeys`): the
/// decoder may only start a key search where the last one ended if every key is unique.
struct TapeParser {
    static let maximumDepth = 512
    /// Objects nested deeper than this are not checked for repeated keys, only marked.
    private static let checkedDepth = 64

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var position = 0
    private var nodes: TapeStorage
    /// One 64-bit filter of key hashes per nesting level, for the repeated-key check.
    private let keyFilters: UnsafeMutablePointer<UInt64>

    /// Parses `buffer` and returns its tape, followed by one spare `null` node that stands for
    /// absent values (`superDecoder()` of a missing key). The caller owns the storage.
    static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> TapeStorage {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            throw JSONSyntaxError("The input is empty", at: 0)
        }
        // Offsets are stored as UInt32 to keep a node at 16 bytes.
        guard UInt(buffer.count) < UInt(UInt32.max) else {
            throw JSONSyntaxError("The input is larger than 4 GiB", at: 0)
        }
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: checkedDepth) { filters throws(JSONSyntaxError) in
            var parser = TapeParser(bytes: base.assumingMemoryBound(to: UInt8.self), count: buffer.count,
                                    keyFilters: filters.baseAddress!)
            return try parser.run()
        }
    }

    private init(bytes: UnsafePointer<UInt8>, count: Int, keyFilters: UnsafeMutablePointer<UInt64>) {
        self.bytes = bytes
        self.count = count
        self.keyFilters = keyFilters
        // About one value per six bytes in typical payloads; capped so a huge body does not
        // reserve more than it is likely to use. The storage grows if needed.
        nodes = TapeStorage(capacity: min(count / 6 + 4, 1 << 16))
    }

    /// Parses the document; on failure frees the partial tape.
    private mutating func run() throws(JSONSyntaxError) -> TapeStorage {
        do {
            try parseDocument()
        } catch {
            nodes.deallocate()
            throw error
        }
        return nodes
    }

    // MARK: Structure

    private mutating func parseDocument() throws(JSONSyntaxError) {
        if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        // While a container is open, its node's `next` holds the index of the enclosing open
        // container (noParent at the top), so the open-container stack needs no extra storage.
        let noParent = UInt32.max
        var open = noParent
        var depth = 0

        parsingValues: while true {
            skipWhitespace()
            guard position < count else { throw .unexpectedEnd(at: position, expecting: "a value") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= Self.maximumDepth else {
                    throw JSONSyntaxError("Nesting is deeper than \(Self.maximumDepth) levels", at: position)
                }
                let isObject = byte == UInt8(ascii: "{")
                let index = nodes.count
                nodes.append(TapeNode(kind: isObject ? .object : .array, start: position, length: 0, next: Int(open)))
                open = UInt32(index)
                position += 1
                skipWhitespace()
                if position < count && bytes[position] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    open = nodes[index].next
                    nodes[index].next = UInt32(nodes.count)
                    depth -= 1
                } else {
                    nodes[index].length = 1
                    if isObject { try parseKey(of: index, depth: depth) }
                    continue parsingValues
                }
            case UInt8(ascii: "\""):
                try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber()
            case UInt8(ascii: "t"):
                try parseLiteral("true", .true)
            case UInt8(ascii: "f"):
                try parseLiteral("false", .false)
            case UInt8(ascii: "n"):
                try parseLiteral("null", .null)
            default:
                throw .unexpected(byte, at: position, expecting: "a value")
            }

            // A value just ended: find what follows it in the enclosing containers.
            while open != noParent {
                skipWhitespace()
                let container = Int(open)
                let isObject = nodes[container].kind == .object
                guard position < count else {
                    throw .unexpectedEnd(at: position, expecting: isObject ? "',' or '}'" : "',' or ']'")
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") {
                    position += 1
                    nodes[container].length += 1
                    if isObject {
                        skipWhitespace()
                        try parseKey(of: container, depth: depth)
                    }
                    continue parsingValues
                }
                guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw .unexpected(byte, at: position, expecting: isObject ? "',' or '}'" : "',' or ']'")
                }
                position += 1
                open = nodes[container].next
                nodes[container].next = UInt32(nodes.count)
                depth -= 1
            }
            break parsingValues
        }

        skipWhitespace()
        if position < count {
            throw .unexpected(bytes[position], at: position, expecting: "the end of input")
        }
        nodes.append(TapeNode(kind: .null, start: count, length: 0, next: nodes.count + 1))
    }

    /// A member name of `object` and its colon; leaves `position` at the member's value.
    private mutating func parseKey(of object: Int, depth: Int) throws(JSONSyntaxError) {
        guard position < count else { throw .unexpectedEnd(at: position, expecting: "a string key") }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw .unexpected(bytes[position], at: position, expecting: "a string key")
        }
        try parseString()
        noteKey(nodes.count - 1, of: object, depth: depth)
        skipWhitespace()
        guard position < count else { throw .unexpectedEnd(at: position, expecting: "':'") }
        guard bytes[position] == UInt8(ascii: ":") else {
            throw .unexpected(bytes[position], at: position, expecting: "':'")
        }
        position += 1
    }

    // MARK: Repeated keys

    /// Marks `object` as possibly repeating a key unless `key` is certainly new in it. A
    /// 64-bit filter per nesting level makes the usual answer cheap; a filter hit is confirmed
    /// by comparing with the earlier keys. Keys with escapes or non-ASCII are not compared
    /// (different bytes can mean equal names), and large objects are not checked at all (the
    /// decoder looks them up through an index that keeps the first occurrence anyway).
    private func noteKey(_ key: Int, of object: Int, depth: Int) {
        let objectNode = nodes[object]
        let members = Int(objectNode.length)
        guard objectNode.flags & TapeNode.mayRepeatKeys == 0, members <= TapeNode.largeObject else { return }
        let keyNode = nodes[key]
        guard keyNode.isPlain, depth <= Self.checkedDepth else {
            nodes[object].flags |= TapeNode.mayRepeatKeys
            return
        }
        let bit: UInt64 = 1 << (hash(keyNode) >> 58)
        if members == 1 {
            keyFilters[depth - 1] = bit
            return
        }
        if keyFilters[depth - 1] & bit != 0 && isRepeated(key, in: object) {
            nodes[object].flags |= TapeNode.mayRepeatKeys
        }
        keyFilters[depth - 1] |= bit
    }

    /// A hash of a plain key: its length, first eight and last bytes.
    private func hash(_ key: TapeNode) -> UInt64 {
        let start = Int(key.start)
        let length = Int(key.length)
        var word = UInt64(length) << 56
        if length > 0 { word ^= UInt64(bytes[start + length - 1]) << 48 }
        for index in 0..<min(length, 8) { word ^= UInt64(bytes[start + index]) << (index * 8) }
        return word &* 0x9E37_79B9_7F4A_7C15
    }

    private func isRepeated(_ key: Int, in object: Int) -> Bool {
        let keyNode = nodes[key]
        var member = object + 1
        while member < key {
            let earlier = nodes[member]
            if earlier.length == keyNode.length
                && memcmp(bytes + Int(earlier.start), bytes + Int(keyNode.start), Int(keyNode.length)) == 0 {
                return true
            }
            member = Int(nodes[member + 1].next)
        }
        return false
    }

    // MARK: Whitespace and literals

    private mutating func skipWhitespace() {
        while position < count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ kind: TapeNode.Kind) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        let text = word.utf8Start
        for index in 0..<length {
            guard position + index < count else {
                throw .unexpectedEnd(at: position + index, expecting: "'\(word)'")
            }
            guard bytes[position + index] == text[index] else {
                throw .unexpected(bytes[position + index], at: position + index, expecting: "'\(word)'")
            }
        }
        nodes.append(TapeNode(kind: kind, start: position, length: length, next: nodes.count + 1))
        position += length
    }

    // MARK: Numbers

    /// Validates `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; conversion happens later.
    private mutating func parseNumber() throws(JSONSyntaxError) {
        let start = position
        var index = position
        var flags = TapeNode.plainInteger
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count else { throw .unexpectedEnd(at: index, expecting: "a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count && isDigit(bytes[index]) {
                throw JSONSyntaxError("Number with a leading zero", at: start)
            }
        } else {
            guard isDigit(bytes[index]) else { throw .unexpected(bytes[index], at: index, expecting: "a digit") }
            index = skipDigits(from: index)
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            flags = 0
            index += 1
            guard index < count else { throw .unexpectedEnd(at: index, expecting: "a digit after '.'") }
            guard isDigit(bytes[index]) else {
                throw .unexpected(bytes[index], at: index, expecting: "a digit after '.'")
            }
            index = skipDigits(from: index)
        }
        if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            flags = 0
            index += 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < count else { throw .unexpectedEnd(at: index, expecting: "an exponent digit") }
            guard isDigit(bytes[index]) else {
                throw .unexpected(bytes[index], at: index, expecting: "an exponent digit")
            }
            index = skipDigits(from: index)
        }
        nodes.append(TapeNode(kind: .number, flags: flags, start: start, length: index - start, next: nodes.count + 1))
        position = index
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private func skipDigits(from start: Int) -> Int {
        var index = start
        while index < count && isDigit(bytes[index]) { index += 1 }
        return index
    }

    // MARK: Strings

    /// Validates a string starting at its opening quote and records its raw content.
    private mutating func parseString() throws(JSONSyntaxError) {
        let start = position + 1
        var index = start
        var flags: UInt8 = 0
        while true {
            index = nextSpecialByte(from: index)
            guard index < count else { throw JSONSyntaxError("Unterminated string", at: start - 1) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                flags |= TapeNode.escaped
                index = try validateEscape(at: index)
            } else if byte < 0x20 {
                throw JSONSyntaxError("Unescaped control character \(JSONSyntaxError.describe(byte: byte)) in a string", at: index)
            } else {
                flags |= TapeNode.nonASCII
                index = try validateUTF8Sequence(at: index)
            }
        }
        nodes.append(TapeNode(kind: .string, flags: flags, start: start, length: index - start, next: nodes.count + 1))
        position = index + 1
    }

    /// The index of the first byte at or after `start` that is a quote, a backslash, a control
    /// character or non-ASCII (or `count`). Tests eight bytes at a time, so a plain string costs
    /// one test per word rather than per byte.
    private func nextSpecialByte(from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // (x - 0x01…) & ~x & 0x80… marks the zero bytes of x; with 0x20… it marks bytes below
            // 0x20; `word` itself marks non-ASCII bytes. A borrow can only mark bytes above a
            // true match, so the lowest mark is exact.
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word) | word) & highs
            if special != 0 { return index + special.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return index }
            index += 1
        }
        return index
    }

    /// Validates `\x` or `\uXXXX` (with a low surrogate after a high one); returns the index
    /// after it.
    private func validateEscape(at index: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < count else { throw JSONSyntaxError("Unterminated string", at: index) }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: index + 2)
            switch unit {
            case 0xD800...0xDBFF:
                guard index + 7 < count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
                      case 0xDC00...0xDFFF = try hexQuad(at: index + 8) else {
                    throw JSONSyntaxError("High surrogate \\u\(hex(unit)) is not followed by a low surrogate", at: index)
                }
                return index + 12
            case 0xDC00...0xDFFF:
                throw JSONSyntaxError("Low surrogate \\u\(hex(unit)) without a high surrogate before it", at: index)
            default:
                return index + 6
            }
        default:
            throw JSONSyntaxError("Invalid escape sequence \\\(Character(Unicode.Scalar(bytes[index + 1])))", at: index)
        }
    }

    private func hexQuad(at index: Int) throws(JSONSyntaxError) -> UInt16 {
        guard index + 4 <= count else { throw JSONSyntaxError("Unterminated \\u escape", at: index - 2) }
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = JSONStringText.hexValue(bytes[index + offset]) else {
                throw JSONSyntaxError("Invalid hex digit in \\u escape", at: index + offset)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func hex(_ unit: UInt16) -> String { String(unit, radix: 16, uppercase: true) }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, surrogates or values above
    /// U+10FFFF); returns the index after it.
    private func validateUTF8Sequence(at index: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw JSONSyntaxError("Invalid UTF-8 lead \(JSONSyntaxError.describe(byte: lead))", at: index)
        }
        guard index + length <= count else { throw JSONSyntaxError("Truncated UTF-8 sequence", at: index) }
        guard bytes[index + 1] >= secondLow && bytes[index + 1] <= secondHigh else {
            throw JSONSyntaxError("Invalid UTF-8 sequence", at: index)
        }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            throw JSONSyntaxError("Invalid UTF-8 sequence", at: index)
        }
        return index + length
    }
}
