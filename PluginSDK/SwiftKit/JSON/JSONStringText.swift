/// Turns the raw content of a validated JSON string into a Swift `String`.
///
/// The parser has already checked escapes, surrogate pairs and UTF-8, so this code only
/// converts; an unescaped string is one copy straight from the input bytes.
enum JSONStringText {
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The string `node` (a string node) denotes.
    static func string(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(start: bytes + Int(node.start), count: Int(node.length))
        if node.flags & TapeNode.escaped == 0 {
            return String(decoding: raw, as: UTF8.self)
        }
        // Every escape is at least as long as the UTF-8 it stands for (\n is 2 bytes for 1,
        // \uXXXX 6 for at most 3, a surrogate pair 12 for 4), so the raw length is enough room.
        return String(unsafeUninitializedCapacity: raw.count) { out in unescape(raw, into: out) }
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        while read < raw.count {
            let byte = raw[read]
            guard byte == UInt8(ascii: "\\") else {
                out[written] = byte
                written += 1
                read += 1
                continue
            }
            let code = raw[read + 1]
            read += 2
            let simple: UInt8
            switch code {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                var scalar = UInt32(quad(raw, at: read))
                read += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // The parser guarantees a low surrogate escape follows.
                    let low = UInt32(quad(raw, at: read + 2))
                    read += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                written += encodeUTF8(scalar, into: out, at: written)
                continue
            default: simple = code  // \" \\ \/
            }
            out[written] = simple
            written += 1
        }
        return written
    }

    private static func quad(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 { value = value << 4 | UInt16(hexValue(raw[index + offset]) ?? 0) }
        return value
    }

    private static func encodeUTF8(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        switch scalar {
        case ..<0x80:
            out[index] = UInt8(scalar)
            return 1
        case ..<0x800:
            out[index] = UInt8(0xC0 | scalar >> 6)
            out[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case ..<0x10000:
            out[index] = UInt8(0xE0 | scalar >> 12)
            out[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[index] = UInt8(0xF0 | scalar >> 18)
            out[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
