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
        return writer.text
    }
}

/// Accumulates UTF-8 bytes rather than a `String` because byte appends are much cheaper than
/// repeated string concatenation, especially in debug builds.
struct JSONWriter {
    let pretty: Bool
    let sortedKeys: Bool
    private var bytes: [UInt8] = []
    /// A newline followed by enough indentation for the deepest level written so far; slices of it
    /// are appended in one call instead of one space at a time.
    private var lineBreak: [UInt8] = [ASCII.lineFeed]

    init(pretty: Bool, sortedKeys: Bool) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
    }

    var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .int(let number):
            append(String(number))
        case .double(let number):
            append(number.isFinite ? number.description : "null")
        case .string(let text):
            writeString(text)
        case .array(let elements):
            writeArray(elements, depth: depth)
        case .object(let members):
            writeObject(members, depth: depth)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue], depth: Int) {
        guard !elements.isEmpty else { return append("[]") }
        bytes.append(ASCII.openBracket)
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(ASCII.comma) }
            breakLine(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        breakLine(depth: depth)
        bytes.append(ASCII.closeBracket)
    }

    private mutating func writeObject(_ members: [String: JSONValue], depth: Int) {
        guard !members.isEmpty else { return append("{}") }
        let keys = sortedKeys ? members.keys.sorted() : Array(members.keys)
        bytes.append(ASCII.openBrace)
        for (index, key) in keys.enumerated() {
            if index > 0 { bytes.append(ASCII.comma) }
            breakLine(depth: depth + 1)
            writeString(key)
            append(pretty ? ": " : ":")
            write(members[key] ?? .null, depth: depth + 1)
        }
        breakLine(depth: depth)
        bytes.append(ASCII.closeBrace)
    }

    private mutating func breakLine(depth: Int) {
        guard pretty else { return }
        let length = 1 + depth * 2
        while lineBreak.count < length {
            lineBreak.append(contentsOf: [ASCII.space, ASCII.space])
        }
        bytes.append(contentsOf: lineBreak[0..<length])
    }

    /// Escapes only what RFC 8259 requires (quote, backslash, control characters); non-ASCII text
    /// is kept as UTF-8 so configuration stays readable.
    private mutating func writeString(_ text: String) {
        bytes.append(ASCII.quote)
        for byte in text.utf8 {
            // Most bytes need no escaping; test for that first so they skip the switch.
            if byte >= ASCII.firstPrintable && byte != ASCII.quote && byte != ASCII.backslash {
                bytes.append(byte)
                continue
            }
            switch byte {
            case ASCII.quote: append("\\\"")
            case ASCII.backslash: append("\\\\")
            case ASCII.lineFeed: append("\\n")
            case ASCII.carriageReturn: append("\\r")
            case ASCII.tab: append("\\t")
            case ASCII.backspace: append("\\b")
            case ASCII.formFeed: append("\\f")
            default: appendUnicodeEscape(byte)
            }
        }
        bytes.append(ASCII.quote)
    }

    private mutating func appendUnicodeEscape(_ byte: UInt8) {
        let hexDigits = Array("0123456789abcdef".utf8)
        append("\\u00")
        bytes.append(hexDigits[Int(byte >> 4)])
        bytes.append(hexDigits[Int(byte & 0x0F)])
    }

    private mutating func append(_ ascii: String) {
        bytes.append(contentsOf: ascii.utf8)
    }
}
