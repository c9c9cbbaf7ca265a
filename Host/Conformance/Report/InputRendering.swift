/// Shows a payload exactly, in a form that survives a terminal, a JSON report and JUnit XML:
/// printable ASCII as is, `\"` `\\` `\n` `\r` `\t`, every other byte as `\xNN`.
enum InputRendering {
    /// The report shows at most this many bytes of an input; the seed and index rebuild the rest.
    static let shownBytes = 200

    static func render(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "(empty)" }
        var text = "\""
        for byte in bytes.prefix(shownBytes) {
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\t"): text += "\\t"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + hex(byte)
            }
        }
        text += "\""
        if bytes.count > shownBytes {
            text += "… (\(bytes.count) bytes, first \(shownBytes) shown)"
        }
        return text
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
