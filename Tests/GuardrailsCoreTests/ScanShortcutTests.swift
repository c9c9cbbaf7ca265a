@testable import GuardrailsCore
import XCTest

/// The byte scans that skip ahead (eight bytes at a time, or probing for long runs) against plain
/// byte-by-byte versions of the same checks, on random texts built from the bytes that matter.
final class ScanShortcutTests: XCTestCase {
    /// Pieces the random texts are made of: run bytes, separators, template and invisible marks,
    /// ideographs, full-width and accented letters.
    private static let pieces = ["a", "Z", "0", "9", "+", "/", "=", "-", "_", " ", ".", "\n", "<", "[", "#", "<|im_start|>", "[INST]",
                                 "\u{200B}", "\u{202E}", "\u{E0041}", "\u{FEFF}", "汉", "字", "，", "é", "“", "aGVsbG8gd29ybGQgaGVsbG8",
                                 "ignore", "Password1"]

    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
        }
    }

    private func randomTexts() -> [String] {
        var random = Random(state: 20_261_127)
        return (0..<3000).map { _ in
            (0..<random.next(60)).map { _ in Self.pieces[random.next(Self.pieces.count)] }.joined()
        }
    }

    func testCharacterScanFindsWhatAByteByByteScanFinds() {
        for text in randomTexts() {
            var utf8 = text
            utf8.withUTF8 { bytes in
                let scan = CharacterScan(bytes)
                let expected = Self.referenceRuns(bytes)
                XCTAssertEqual(scan.encodedRuns.map(\.start), expected.map(\.start), text)
                XCTAssertEqual(scan.encodedRuns.map(\.end), expected.map(\.end), text)
                XCTAssertEqual(scan.findings.map(\.category), Self.referenceMarks(bytes), text)
            }
        }
    }

    /// Context words grouped by first byte find what a plain case-insensitive search of every word
    /// at every position finds, wherever the window falls.
    func testContextWordsFindWhatAPlainSearchFinds() {
        let lists = [["email", "e-mail", "mail", "contact", "邮箱", "邮件", "联系"], ["phone", "tel", "mobile", "call", "手机", "电话"],
                     ["id card", "identity", "身份证", "身份"], ["private key-----"]]
        let pieces = ["E-Mail", "mai", "ma", "CALL", "Tel", "x", " ", "\n", "邮", "邮箱", "联系", "身份", "证", "identity", "ID Card",
                      "private KEY-----", "phone", "é", "Contact"]
        var random = Random(state: 20_261_127)
        for list in lists {
            let words = ContextWords(list)
            let lowered = list.map { Array($0.lowercased().utf8) }
            for _ in 0..<400 {
                let text = Array((0..<random.next(24)).map { _ in pieces[random.next(pieces.count)] }.joined().utf8)
                let lower = random.next(text.count + 1) - 4, upper = lower + random.next(text.count + 8)
                let expected = (max(lower, 0)..<max(min(upper, text.count), max(lower, 0))).contains { index in
                    lowered.contains { word in
                        index + word.count <= min(upper, text.count)
                            && zip(text[index...], word).allSatisfy { $0.lowercasedASCII == $1 }
                    }
                }
                let found = text.withUnsafeBufferPointer { words.occurs(in: $0, lower..<max(upper, lower)) }
                XCTAssertEqual(found, expected, "\(list) in \(String(decoding: text, as: UTF8.self)) [\(lower), \(upper))")
            }
        }
    }

    func testScalarOffsetsCountScalars() {
        for text in randomTexts() {
            var utf8 = text
            utf8.withUTF8 { bytes in
                var offsets = ScalarOffsets(bytes)
                for end in stride(from: 0, through: bytes.count, by: 3) where end == bytes.count || bytes[end] & 0xC0 != 0x80 {
                    XCTAssertEqual(offsets.scalarOffset(ofByte: end), String(decoding: bytes[..<end], as: UTF8.self).unicodeScalars.count)
                }
            }
        }
    }

    func testNonLetterBytesMarksExactlyTheNonLetters() {
        for first in 0..<256 {
            for second in [0, 0x2F, 0x30, 0x39, 0x3A, 0x41, 0x5A, 0x61, 0x7A, 0x40, 0x5B, 0x60, 0x7B, 0x80, 0xB0, 0xC1, 0xE1, 0xFA, 0xFF] {
                let chunk = UInt64(first) | UInt64(second) << 8 | UInt64(first) << 48 | UInt64(second) << 56 | 0x6161_6161_0000
                let letters = nonLetterBytes(chunk)
                for (index, byte) in [first, second, 0x61, 0x61, 0x61, 0x61, first, second].enumerated() {
                    XCTAssertEqual(letters >> UInt64(index * 8 + 7) & 1 == 1, !UInt8(byte).isLetter, "byte \(byte) at \(index)")
                }
            }
        }
    }

    /// Runs as the scan defined them when it read every byte: a run starts at a letter, digit,
    /// `+` or `/` and goes on over those and `= - _`.
    private static func referenceRuns(_ text: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int)] {
        var runs: [(start: Int, end: Int)] = []
        var runStart = -1
        for index in 0...text.count {
            let byte = index < text.count ? text[index] : 0
            if index < text.count, byte.isBase64Byte {
                if runStart < 0, byte.isLetterOrDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") { runStart = index }
                continue
            }
            if runStart >= 0, index - runStart >= EncodedBlob.minimumLength, runs.count < CharacterScan.maximumRuns {
                runs.append((runStart, index))
            }
            runStart = -1
        }
        return runs
    }

    /// The categories the marks give, from a scalar-by-scalar reading.
    private static func referenceMarks(_ text: UnsafeBufferPointer<UInt8>) -> [String] {
        let string = String(decoding: text, as: UTF8.self)
        var tags = 0, bidi = 0, zeroWidth = 0
        for (index, scalar) in string.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0xE0000...0xE007F: tags += 1
            case 0x202A...0x202E, 0x2066...0x2069: bidi += 1
            case 0x200B...0x200D, 0x2060: zeroWidth += 1
            case 0xFEFF where index > 0: zeroWidth += 1
            default: break
            }
        }
        // Byte for byte (a `String` search would compare characters, and a tag character glued
        // to a token's last byte makes one character of the two).
        let lower = text.map(\.lowercasedASCII)
        let template = CharacterScan.templateTokens.contains { token in
            let needle = Array(token.description.utf8)
            return lower.count >= needle.count && (0...(lower.count - needle.count)).contains { lower[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        return (tags > 0 ? ["unicode_smuggling"] : []) + (bidi > 0 ? ["bidi_override"] : [])
            + (zeroWidth >= 3 ? ["invisible_characters"] : []) + (template ? ["chat_template_injection"] : [])
    }
}
