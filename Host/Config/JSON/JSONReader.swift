/// The byte-level cursor under `JSONParser`: position, line/column bookkeeping and error creation.
///
/// It reads the UTF-8 bytes of the input directly (valid UTF-8 is guaranteed by `String`), which
/// keeps parsing a megabyte well under a second even in debug builds. `bytes` is only valid for
/// the duration of `String.withUTF8`, so a reader must never outlive that call.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    let recordingLocations: Bool
    var offset = 0
    var locations: [String: SourceLocation] = [:]

    // Lines only ever end inside whitespace (strings cannot contain raw line breaks), so the line
    // number is maintained by `skipWhitespace`. Columns are computed on demand by counting scalars
    // forward from the last position asked about, which is linear overall because positions are
    // requested in increasing order.
    private var line = 1
    private var lineStart = 0
    private var knownColumnOffset = 0
    private var knownColumn = 1

    init(bytes: UnsafeBufferPointer<UInt8>, source: String, recordingLocations: Bool) {
        self.bytes = bytes
        self.source = source
        self.recordingLocations = recordingLocations
    }

    var isAtEnd: Bool {
        offset >= bytes.count
    }

    /// The current byte, or `nil` at the end of input.
    var current: UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    /// Skips RFC 8259 whitespace. Only LF starts a new line, so CRLF files count correctly.
    mutating func skipWhitespace() {
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.space || byte == ASCII.tab || byte == ASCII.carriageReturn {
                offset += 1
            } else if byte == ASCII.lineFeed {
                offset += 1
                line += 1
                lineStart = offset
                knownColumnOffset = offset
                knownColumn = 1
            } else {
                return
            }
        }
    }

    /// RFC 8259 lets parsers ignore a leading byte order mark; editors on some platforms add one,
    /// and columns should not count it.
    mutating func skipByteOrderMark() {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard offset == 0, bytes.count >= 3, Array(bytes[0..<3]) == mark else { return }
        offset = 3
        lineStart = 3
        knownColumnOffset = 3
    }

    mutating func location(at position: Int) -> SourceLocation {
        guard position >= lineStart else { return recountLocation(at: position) }
        if position < knownColumnOffset {
            knownColumnOffset = lineStart
            knownColumn = 1
        }
        var column = knownColumn
        var index = knownColumnOffset
        while index < position {
            if !Self.isContinuationByte(bytes[index]) { column += 1 }
            index += 1
        }
        knownColumnOffset = position
        knownColumn = column
        return SourceLocation(line: line, column: column)
    }

    /// Slow path for a position on an earlier line; only reachable when building an error.
    private func recountLocation(at position: Int) -> SourceLocation {
        var line = 1
        var column = 1
        for index in 0..<min(position, bytes.count) {
            if bytes[index] == ASCII.lineFeed {
                line += 1
                column = 1
            } else if !Self.isContinuationByte(bytes[index]) {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }

    mutating func error(_ message: String, at position: Int) -> JSONParseError {
        let place = location(at: position)
        return JSONParseError(source: source, line: place.line, column: place.column, message: message)
    }

    /// A readable name for the character at `position`, for "found ..." messages.
    func describeCharacter(at position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        var end = position + 1
        while end < bytes.count, Self.isContinuationByte(bytes[end]) { end += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "end of input" }
        return Self.describe(scalar)
    }

    /// Quotes printable characters and spells out invisible ones as `U+XXXX`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.isWhitespace {
            return "U+" + hex4(scalar.value)
        }
        return "'" + String(scalar) + "'"
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func isContinuationByte(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= ASCII.zero && byte <= ASCII.nine
    }
}
