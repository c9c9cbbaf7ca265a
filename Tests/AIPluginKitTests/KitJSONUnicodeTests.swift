@testable import AIPluginKit
import Foundation
import XCTest

/// Strings and keys beyond plain ASCII.
final class KitJSONUnicodeTests: XCTestCase {
    struct Named: Codable, Equatable { let name: String }

    func testEscapedAndUnicodeStringsDecodeExactly() throws {
        let cases: [(String, String)] = [
            (#""\u00e9""#, "é"), (#""\u00E9""#, "é"), (#""\u20ac""#, "€"), (#""\ud834\udd1e""#, "𝄞"), (#""\uD83D\uDE00x""#, "😀x"),
            (#""\u0000""#, "\u{0}"), (#""a\/b""#, "a/b"), ("\"日本語\"", "日本語"), ("\"\u{10FFFF}\"", "\u{10FFFF}"),
            (#""\ufeff\u2028""#, "\u{FEFF}\u{2028}"),
        ]
        for (json, expected) in cases {
            XCTAssertEqual(try kitDecode(String.self, json), expected, json)
        }
    }

    func testLongStringsWithSpecialBytesAtEveryPosition() throws {
        // The parser tests eight bytes at a time; put the interesting byte at every offset.
        for special in ["é", "\\n", "\\u00e9", "😀", "\\\""] {
            for position in 0..<24 {
                let json = "\"" + String(repeating: "a", count: position) + special + String(repeating: "b", count: 23 - position) + "\""
                XCTAssertEqual(try kitDecode(String.self, json), try JSONDecoder().decode(String.self, from: Data(json.utf8)), json)
            }
        }
    }

    func testEscapedKeysAreFound() throws {
        XCTAssertEqual(try kitDecode(Named.self, #"{"n\u0061me":"x"}"#), Named(name: "x"))
        XCTAssertEqual(try kitDecode([String: Int].self, #"{"\u00e9":1,"\ud83d\ude00":2}"#), ["é": 1, "😀": 2])
    }

    func testKeysCompareWithCanonicalEquivalenceLikeFoundation() throws {
        struct Accented: Codable, Equatable {
            enum CodingKeys: String, CodingKey { case value = "caf\u{E9}" }  // precomposed é
            let value: Int
        }
        let decomposed = "{\"cafe\u{301}\":1}"  // e + combining acute accent
        XCTAssertEqual(try kitDecode(Accented.self, decomposed), try JSONDecoder().decode(Accented.self, from: Data(decomposed.utf8)))
        XCTAssertEqual(try kitDecode(Accented.self, "{\"caf\u{E9}\":2}").value, 2)
    }

    func testRandomUnicodeRoundTrips() throws {
        var random = SeededRandom(seed: 99)
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0...40, using: &random)).compactMap { _ -> Unicode.Scalar? in
                switch Int.random(in: 0..<4, using: &random) {
                case 0: Unicode.Scalar(UInt32.random(in: 0...0x7F, using: &random))
                case 1: Unicode.Scalar(UInt32.random(in: 0x80...0x7FF, using: &random))
                case 2: Unicode.Scalar(UInt32.random(in: 0x800...0xFFFF, using: &random))
                default: Unicode.Scalar(UInt32.random(in: 0x10000...0x10FFFF, using: &random))
                }
            }
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars)
            assertRoundTrip([string: [string]])
        }
    }

    func testNonASCIIIsWrittenAsUTF8() throws {
        XCTAssertEqual(try KitJSONEncoder().encode("é"), [0x22, 0xC3, 0xA9, 0x22])
    }
}
