extension JSONValue {
    /// The value as JSON text.
    ///
    /// Doubles print with Swift's shortest round-tripping representation (`1.0`, `0.1`, `1e+20`),
    /// so a parse of the output yields the same value. JSON has no spelling for NaN or infinity,
    /// so non-finite doubles are written as `null` rather than producing unparseable output.
    /// With `sortedKeys` (the default) the output is deterministic, which keeps diffs and tests stable.
    public func serialized(pretty: Bool = false, sortedKeys: Bool = true) -> String {
        var writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        writer.write(self, depth: 0)
        return writer.output.text
    }

    /// The same text as `serialized(pretty:sortedKeys:)`, as UTF-8 bytes: for callers that send
    /// the text on (HTTP bodies), skipping the `String` and its copy back into bytes.
    public func serializedBytes(pretty: Bool = false, sortedKeys: Bool = true) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        writer.write(self, depth: 0)
        return writer.output.bytes
    }
}

/// Writes a value into one growing byte buffer: strings go in as whole runs between the bytes
/// that need escaping, integers as digits, never through intermediate `String`s.
struct JSONWriter: ~Copyable {
    let pretty: Bool
    let sortedKeys: Bool
    var output = JSONOutputBuffer(capacity: 1024)

    init(pretty: Bool, sortedKeys: Bool) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let flag):
            output.append(flag ? "true" : "false")
        case .int(let number):
            output.append(number)
        case .double(let number):
            writeDouble(number)
        case .string(let text):
            writeString(text)
        case .array(let elements):
            writeArray(elements, depth: depth)
        case .object(let members):
            writeObject(members, depth: depth)
        }
    }

    private mutating func writeDouble(_ number: Double) {
        guard number.isFinite else { return output.append("null") }
        var text = number.description
        text.withUTF8 { output.append($0) }
    }

    private mutating func writeArray(_ elements: [JSONValue], depth: Int) {
        guard !elements.isEmpty else { return output.append("[]") }
        output.append(ASCII.openBracket)
        var isFirst = true
        for element in elements {
            if !isFirst { output.append(ASCII.comma) }
            isFirst = false
            breakLine(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        breakLine(depth: depth)
        output.append(ASCII.closeBracket)
    }

    private mutating func writeObject(_ members: [String: JSONValue], depth: Int) {
        guard !members.isEmpty else { return output.append("{}") }
        output.append(ASCII.openBrace)
        if sortedKeys {
            // Keys are unique, so ordering the pairs by key gives the same order as sorting the keys.
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                writeMember(key: member.key, value: member.value, isFirst: index == 0, depth: depth)
            }
        } else {
            // The dictionary's own order, as `Array(members.keys)` would list it.
            var isFirst = true
            for (key, value) in members {
                writeMember(key: key, value: value, isFirst: isFirst, depth: depth)
                isFirst = false
            }
        }
        breakLine(depth: depth)
        output.append(ASCII.closeBrace)
    }

    @inline(__always)
    private mutating func writeMember(key: String, value: JSONValue, isFirst: Bool, depth: Int) {
        if !isFirst { output.append(ASCII.comma) }
        breakLine(depth: depth + 1)
        writeString(key)
        output.append(ASCII.colon)
        if pretty { output.append(ASCII.space) }
        write(value, depth: depth + 1)
    }

    @inline(__always)
    private mutating func breakLine(depth: Int) {
        guard pretty else { return }
        output.append(ASCII.lineFeed)
        output.append(repeating: ASCII.space, count: depth * 2)
    }

    /// Escapes only what RFC 8259 requires (quote, backslash, control characters); non-ASCII text
    /// is kept as UTF-8 so configuration stays readable.
    private mutating func writeString(_ text: String) {
        var text = text
        output.append(ASCII.quote)
        text.withUTF8 { bytes in
            var runStart = 0
            while true {
                let special = JSONStringScan.firstSpecialByte(in: bytes, from: runStart, to: bytes.count)
                output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<special]))
                guard special < bytes.count else { break }
                writeEscape(for: bytes[special])
                runStart = special + 1
            }
        }
        output.append(ASCII.quote)
    }

    private mutating func writeEscape(for byte: UInt8) {
        switch byte {
        case ASCII.quote: output.append("\\\"")
        case ASCII.backslash: output.append("\\\\")
        case ASCII.lineFeed: output.append("\\n")
        case ASCII.carriageReturn: output.append("\\r")
        case ASCII.tab: output.append("\\t")
        case ASCII.backspace: output.append("\\b")
        case ASCII.formFeed: output.append("\\f")
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            output.append("\\u00")
            output.append(hexDigits.utf8Start[Int(byte >> 4)])
            output.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
