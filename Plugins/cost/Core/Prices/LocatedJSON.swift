/// A JSON value that remembers the line it starts on and keeps numbers as their exact text.
///
/// Price files must be read without binary floating point (a price is money) and their errors
/// must name a line, so neither Foundation's reader nor the kit's Codable decoder fits.
public indirect enum LocatedJSON: Sendable {
    case null(line: Int)
    case bool(Bool, line: Int)
    case number(String, line: Int)
    case string(String, line: Int)
    case array([LocatedJSON], line: Int)
    /// Members in file order.
    case object([(key: String, value: LocatedJSON)], line: Int)

    public var line: Int {
        switch self {
        case .null(let line), .bool(_, let line), .number(_, let line), .string(_, let line),
             .array(_, let line), .object(_, let line):
            return line
        }
    }

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public subscript(key: String) -> LocatedJSON? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// A syntax error at a line and column (both 1-based).
public struct LocatedJSONSyntaxError: Error, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// A strict RFC 8259 reader producing `LocatedJSON`. Iterative over nesting depth via recursion
/// bounded by `maximumDepth`, so hostile files cannot blow the stack.
public struct LocatedJSONReader {
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    public static func parse(_ bytes: [UInt8]) throws(LocatedJSONSyntaxError) -> LocatedJSON {
        var reader = LocatedJSONReader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.error("unexpected text after the JSON document") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> LocatedJSONSyntaxError {
        LocatedJSONSyntaxError(line: line, column: offset - lineStart + 1, message: message)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while let byte = current {
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") {
                return
            }
            offset += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(LocatedJSONSyntaxError) {
        guard current == byte else { throw error("expected \(what), found \(describeCurrent())") }
        offset += 1
    }

    private func describeCurrent() -> String {
        guard let byte = current else { return "the end of the file" }
        if byte >= 0x20 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func readValue(depth: Int) throws(LocatedJSONSyntaxError) -> LocatedJSON {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        let startLine = line
        switch current {
        case UInt8(ascii: "{"):
            offset += 1
            var members: [(key: String, value: LocatedJSON)] = []
            var seen = Set<String>()
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                offset += 1
                return .object(members, line: startLine)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a member name in quotes, found \(describeCurrent())") }
                let key = try readString()
                guard seen.insert(key).inserted else { throw error("duplicate member \"\(key)\"") }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after member name \"\(key)\"")
                skipWhitespace()
                members.append((key, try readValue(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' after member \"\(key)\"")
                return .object(members, line: startLine)
            }
        case UInt8(ascii: "["):
            offset += 1
            var elements: [LocatedJSON] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                offset += 1
                return .array(elements, line: startLine)
            }
            while true {
                skipWhitespace()
                elements.append(try readValue(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return .array(elements, line: startLine)
            }
        case UInt8(ascii: "\""):
            return .string(try readString(), line: startLine)
        case UInt8(ascii: "t"):
            try readWord("true")
            return .bool(true, line: startLine)
        case UInt8(ascii: "f"):
            try readWord("false")
            return .bool(false, line: startLine)
        case UInt8(ascii: "n"):
            try readWord("null")
            return .null(line: startLine)
        case let byte? where byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")):
            return .number(try readNumber(), line: startLine)
        default:
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func readWord(_ word: String) throws(LocatedJSONSyntaxError) {
        for byte in word.utf8 {
            guard current == byte else { throw error("invalid literal, expected \(word)") }
            offset += 1
        }
    }

    private mutating func readNumber() throws(LocatedJSONSyntaxError) -> String {
        let start = offset
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
        if current == UInt8(ascii: "-") { offset += 1 }
        guard isDigit(current) else { throw error("invalid number: expected a digit") }
        if current == UInt8(ascii: "0") {
            offset += 1
            if isDigit(current) { throw error("invalid number: leading zeros are not allowed") }
        } else {
            while isDigit(current) { offset += 1 }
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard isDigit(current) else { throw error("invalid number: expected a digit after '.'") }
            while isDigit(current) { offset += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard isDigit(current) else { throw error("invalid number: expected a digit in the exponent") }
            while isDigit(current) { offset += 1 }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func readString() throws(LocatedJSONSyntaxError) -> String {
        offset += 1  // opening quote
        var scalars: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw error("unterminated escape") }
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0c)
                case UInt8(ascii: "n"): scalars.append(0x0a)
                case UInt8(ascii: "r"): scalars.append(0x0d)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\"),
                       offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") {
                        offset += 2
                        let low = try readHex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0x00..<0x20:
                throw error("control character in a string")
            default:
                scalars.append(byte)
            }
        }
    }

    private mutating func readHex4() throws(LocatedJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Int(String(Unicode.Scalar(byte)), radix: 16) else {
                throw error("invalid \\u escape")
            }
            value = value * 16 + UInt32(digit)
            offset += 1
        }
        return value
    }
}
