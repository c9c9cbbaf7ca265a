/// Generators of malformed and hostile JSON-ish payloads, each drawing from one seeded generator.
struct JSONNoise {
    var random: SeededRandom

    /// Field names plugins commonly read, so that wrong-typed values reach real code paths.
    private static let keys = ["name", "id", "text", "value", "input", "data", "by", "query", "items", "options",
                               "message", "count", "", "\\u0000", "ключ", "🔑"]

    // MARK: Valid building blocks

    mutating func document(depth: Int = 3) -> String {
        switch random.int(in: 0...(depth > 0 ? 7 : 4)) {
        case 0: return "null"
        case 1: return random.chance(1, in: 2) ? "true" : "false"
        case 2: return String(random.int(in: -1_000_000...1_000_000))
        case 3: return "\(random.int(in: -1000...1000)).\(random.int(in: 0...999))e\(random.int(in: -20...20))"
        case 4: return quoted(text(maxLength: 24))
        case 5: return "[" + (0..<random.int(in: 0...4)).map { _ in document(depth: depth - 1) }.joined(separator: ",") + "]"
        default:
            let members = (0..<random.int(in: 0...4)).map { _ in quoted(random.element(of: Self.keys)) + ":" + document(depth: depth - 1) }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    mutating func object() -> String {
        let members = (0..<random.int(in: 1...4)).map { _ in quoted(random.element(of: Self.keys)) + ":" + document(depth: 2) }
        return "{" + members.joined(separator: ",") + "}"
    }

    mutating func text(maxLength: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz ABC0123456789-_.:/é中😀")
        return String((0..<random.int(in: 0...maxLength)).map { _ in random.element(of: alphabet) })
    }

    func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: The kinds

    /// A valid document cut short: a parser must notice the end it never reaches.
    mutating func truncatedDocument() -> [UInt8] {
        let whole = Array(object().utf8)
        return Array(whole.prefix(random.int(in: 1...max(1, whole.count - 1))))
    }

    /// Valid JSON of the wrong shape: a scalar or array where an object is expected, or an object
    /// whose usual fields hold the wrong types.
    mutating func wrongTypes() -> [UInt8] {
        // Few scalars exist, so they are drawn less often than the endless wrong-typed objects.
        if random.chance(1, in: 4) {
            let scalars = ["null", "true", "0", "-1", "3.5", "\"{}\"", "[]", "[{}]", "[null]", "\"\"", "[[],{}]"]
            return Array(random.element(of: scalars).utf8)
        }
        let wrong = ["[]", "{}", "null", "true", "false", "-7", "1.5", "\"\"", "\"42\"", "[1,2,3]", "{\"\":{}}", "[null]"]
        let members = (0..<random.int(in: 1...4)).map { _ in quoted(random.element(of: Self.keys)) + ":" + random.element(of: wrong) }
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }

    /// A string far larger than any sane request (4 KB to 256 KB), or an array or object with
    /// thousands of members (4 KB to 32 KB of text: every member costs a parser far more than a
    /// byte of string does, and the point is size, not a slow suite).
    mutating func hugeValue() -> [UInt8] {
        let key = quoted(random.element(of: Self.keys))
        switch random.int(in: 0...3) {
        case 0: return Array(("{" + key + ":\"" + String(repeating: "A", count: 4097 << random.int(in: 0...6)) + "\"}").utf8)
        case 1: return Array(("\"" + String(repeating: "é", count: 4097 << random.int(in: 0...5)) + "\"").utf8)
        case 2: return Array(("[" + Array(repeating: "0", count: 2049 << random.int(in: 0...3)).joined(separator: ",") + "]").utf8)
        default:
            let members = (0..<(512 << random.int(in: 0...3))).map { "\"k\($0)\":\($0)" }
            return Array(("{" + members.joined(separator: ",") + "}").utf8)
        }
    }

    /// Arrays or objects nested 128 to 20,000 levels deep, closed or not: recursive parsers
    /// without a depth limit overflow their stack.
    mutating func deepNesting() -> [UInt8] {
        let depth = random.int(in: 128...20_000)
        let closed = random.chance(2, in: 3)
        if random.chance(1, in: 2) {
            return Array((String(repeating: "[", count: depth) + (closed ? String(repeating: "]", count: depth) : "")).utf8)
        }
        return Array((String(repeating: "{\"a\":", count: depth) + "0" + (closed ? String(repeating: "}", count: depth) : "")).utf8)
    }

    /// JSON whose strings hold byte sequences that are not UTF-8: stray continuation bytes,
    /// overlong forms, encoded surrogates, bytes above F4, a sequence cut at the end.
    mutating func invalidUTF8() -> [UInt8] {
        let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80],
                              [0xFF], [0xFE, 0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98]]
        var bytes = Array("{\(quoted(random.element(of: Self.keys))):\"".utf8)
        for _ in 0..<random.int(in: 1...6) {
            // The "~" after each bad sequence keeps two of them from completing each other.
            bytes += Array(text(maxLength: 6).utf8) + random.element(of: bad) + [UInt8(ascii: "~")]
        }
        if random.chance(3, in: 4) { bytes += Array("\"}".utf8) }
        return bytes
    }

    /// Random bytes, NULs included.
    mutating func binaryNoise() -> [UInt8] {
        (0..<random.int(in: 1...2048)).map { _ in random.byte() }
    }

    /// A valid document with a few bytes flipped, inserted or removed.
    mutating func mutatedDocument() -> [UInt8] {
        var bytes = Array(object().utf8)
        for _ in 0..<random.int(in: 1...4) where !bytes.isEmpty {
            let position = random.int(in: 0...(bytes.count - 1))
            switch random.int(in: 0...2) {
            case 0: bytes[position] ^= UInt8(1 << random.int(in: 0...7))
            case 1: bytes.insert(random.element(of: Array("{}[]\",:\\\u{0}".utf8)), at: position)
            default: bytes.remove(at: position)
            }
        }
        return bytes
    }

    /// Valid JSON at the edges: numbers beyond 64 bits or doubles, escapes of NUL and lone
    /// surrogates, duplicate keys, very long keys.
    mutating func extremeValues() -> [UInt8] {
        let values = ["1e309", "-1e309", "-0", "1e-400", "18446744073709551616", "-9223372036854775809",
                      "123456789012345678901234567890", "0.0000000000000000000000000001", "\"\\u0000\"",
                      "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\uffff\"", "\"\\\\\\\"\"", "9223372036854775807"]
        switch random.int(in: 0...2) {
        case 0:
            let key = quoted(random.element(of: Self.keys))
            return Array(("{" + key + ":" + random.element(of: values) + "," + key + ":" + random.element(of: values) + "}").utf8)
        case 1:
            return Array(("{" + quoted(String(repeating: "k", count: random.int(in: 1000...20_000))) + ":" + random.element(of: values) + "}").utf8)
        default:
            let members = (0..<random.int(in: 1...4)).map { _ in quoted(random.element(of: Self.keys)) + ":" + random.element(of: values) }
            return Array(("{" + members.joined(separator: ",") + "}").utf8)
        }
    }
}
