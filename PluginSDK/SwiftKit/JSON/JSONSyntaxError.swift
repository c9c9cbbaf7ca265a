import Foundation

/// Why and where the input stopped being RFC 8259 JSON.
///
/// The parser throws this small value (typed throws, no existential on the hot path); the public
/// entry point turns it into the `DecodingError.dataCorrupted` a Codable caller expects.
struct JSONSyntaxError: Error {
    let reason: String
    let offset: Int

    init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// Names the byte at `offset` readably: printable ASCII quoted, anything else in hex.
    static func describe(byte: UInt8) -> String {
        if byte > 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    static func unexpected(_ byte: UInt8, at offset: Int, expecting: String) -> JSONSyntaxError {
        JSONSyntaxError("Unexpected \(describe(byte: byte)), expected \(expecting),", at: offset)
    }

    static func unexpectedEnd(at offset: Int, expecting: String) -> JSONSyntaxError {
        JSONSyntaxError("Unexpected end of input, expected \(expecting),", at: offset)
    }

    /// The `DecodingError` Foundation's decoder would throw, plus the reason and byte offset.
    /// The reason also goes into an `NSError`'s debug description, where the kit's error text
    /// (`DecodingErrorText`) looks for detail.
    var decodingError: DecodingError {
        let detail = "\(reason) at byte offset \(offset)."
        return DecodingErrorFactory.corrupted(
            codingPath: [], "The given data was not valid JSON: \(detail)", detail: detail)
    }
}
