/// A direct reader for the common shape of a `prompt.render` request: an object with `name`,
/// `version`, `alias`, `key` and a `variables` object whose values are strings or null.
///
/// Rendering a prompt takes about a microsecond; decoding its request through Codable took ten
/// times that (the standard library's keyed-container boxes cast every key list dynamically).
/// Anything this reader does not expect (another value type, an unknown or repeated field,
/// malformed JSON) makes it answer nil, and the caller decodes the request through Codable,
/// which accepts every valid request and reports every error — so this is only a fast path,
/// never a second set of rules.
struct RenderRequestScanner {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    static func scan(_ body: UnsafeRawBufferPointer) -> RenderRequest? {
        var scanner = RenderRequestScanner(bytes: body)
        return scanner.request()
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private mutating func request() -> RenderRequest? {
        var name: String?
        var version: Int?
        var alias: String?
        var key: String?
        var variables: [(key: String, value: String)]?
        guard consume(UInt8(ascii: "{")) else { return nil }
        if !consume(UInt8(ascii: "}")) {
            repeat {
                guard let field = string(), consume(UInt8(ascii: ":")) else { return nil }
                switch field {
                case "name" where name == nil: name = string()
                case "alias" where alias == nil: alias = string()
                case "key" where key == nil: key = string()
                case "version" where version == nil: version = integer()
                case "variables" where variables == nil: variables = values()
                default: return nil
                }
                if failed { return nil }
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard index == bytes.count, !failed, let name else { return nil }
        return RenderRequest(name: name, version: version, alias: alias, variables: variables ?? [], key: key)
    }

    /// Set by any part that did not parse; the whole scan then answers nil.
    private var failed = false

    /// Past this many variables the request goes through Codable (the repeat check is quadratic).
    static let maxVariables = 64

    /// `{"a": "text", "b": null}`: strings kept, nulls left out (the default applies).
    private mutating func values() -> [(key: String, value: String)]? {
        guard consume(UInt8(ascii: "{")) else { return fail() }
        var result: [(key: String, value: String)] = []
        var seen: [String] = []
        if consume(UInt8(ascii: "}")) { return result }
        repeat {
            guard let name = string(), consume(UInt8(ascii: ":")), !seen.contains(name), seen.count < Self.maxVariables else { return fail() }
            seen.append(name)
            skipSpace()
            if literal("null") { continue }
            guard let value = string() else { return fail() }
            result.append((name, value))
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { return fail() }
        return result
    }

    /// A non-negative decimal integer of at most 9 digits (versions are small).
    private mutating func integer() -> Int? {
        skipSpace()
        var value = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), digits < 10 {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0, digits <= 9, !(digits > 1 && bytes[index - digits] == UInt8(ascii: "0")) else { return fail() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return fail()
            default: break
            }
        }
        return value
    }

    /// A JSON string with every escape decoded; nil (and failed) for anything malformed.
    private mutating func string() -> String? {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return fail() }
        index += 1
        let start = index
        // The common case has no escape: the text is a slice of the body.
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
                    decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
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
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
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

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        // A switch, not `[…].contains`: an array literal here costs an allocation per call.
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
}
