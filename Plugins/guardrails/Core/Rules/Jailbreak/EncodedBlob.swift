/// Base64, hex and ROT13: the encodings attackers wrap instructions in so a filter reading the
/// text literally does not see them.
enum EncodedBlob {
    static let minimumLength = 16

    /// Base64 (standard or URL-safe alphabet, padding optional) or nil.
    static func decodeBase64(_ characters: [UInt8]) -> [UInt8]? {
        var body = characters[...]
        while body.last == UInt8(ascii: "=") { body = body.dropLast() }
        guard body.count >= minimumLength, body.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(body.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in body {
            let value: UInt32
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(character - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(character - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(character - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            default: return nil
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }

    static func decodeHex(_ characters: [UInt8]) -> [UInt8]? {
        guard characters.count >= minimumLength * 2, characters.count % 2 == 0, characters.allSatisfy(\.isHexDigit) else { return nil }
        func nibble(_ character: UInt8) -> UInt8 { character.isDigit ? character - 0x30 : (character | 0x20) - 0x61 + 10 }
        return stride(from: 0, to: characters.count, by: 2).map { nibble(characters[$0]) << 4 | nibble(characters[$0 + 1]) }
    }

    /// Valid UTF-8 of which at least 90% is printable: text, not random bytes.
    static func isMostlyText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty,
              bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset($0) }) == nil else { return false }
        let printable = bytes.filter { $0 >= 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }.count
        let letters = bytes.filter { $0.isLetter || $0 >= 0x80 }.count
        return Double(printable) >= 0.9 * Double(bytes.count) && Double(letters) >= 0.4 * Double(bytes.count)
    }

    static func rot13(_ text: String) -> String {
        String(decoding: text.utf8.map { byte -> UInt8 in
            if byte.isUpper { return (byte - 0x41 + 13) % 26 + 0x41 }
            if byte.isLower { return (byte - 0x61 + 13) % 26 + 0x61 }
            return byte
        }, as: UTF8.self)
    }
}
