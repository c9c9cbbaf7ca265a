@testable import AIPluginKit
import Foundation
import XCTest

/// Strict RFC 8259 parsing: what is refused, with which offset, and what is accepted.
final class KitJSONSyntaxTests: XCTestCase {
    /// The byte offset named in the error for `json`, or nil if it parsed.
    private func syntaxErrorOffset(_ json: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Int? {
        do {
            if json.first == UInt8(ascii: "[") && json.dropFirst().first == UInt8(ascii: "[") {
                _ = try KitJSONDecoder().decode(NestedArrays.self, from: json)
            } else {
                _ = try KitJSONDecoder().decode(JSONTree.self, from: json)
            }
            return nil
        } catch let error as DecodingError {
            guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else {
                XCTFail("not a syntax error: \(error)", file: file, line: line)
                return -1
            }
            let text = context.debugDescription
            guard let range = text.range(of: "at byte offset ") else {
                XCTFail("no offset in: \(text)", file: file, line: line)
                return -1
            }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return -1
        }
    }

    func testRejectsWithOffsets() {
        let cases: [(String, Int)] = [
            ("", 0), (" ", 1), ("{", 1), ("[", 1), ("[1,]", 3), (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), (#"{a:1}"#, 1),
            ("[1 2]", 3), ("01", 0), ("-", 1), ("-a", 1), ("1.", 2), ("1.e3", 2), ("1e", 2), ("1e+", 3), (".5", 0),
            ("+1", 0), ("NaN", 0), ("Infinity", 0), ("-Infinity", 1), ("tru", 3), ("nul", 3), ("True", 0),
            ("'a'", 0), (#""abc"#, 0), (#""\x""#, 1), (#""\u12G4""#, 5), (#""\ud800""#, 1), (#""\udc00""#, 1),
            (#""\ud800\u0041""#, 1), (#""\ud800x""#, 1), ("[1]x", 3), ("[1] [2]", 4), ("1 2", 2), ("/* c */ 1", 0),
            ("// c\n1", 0), ("[1,,2]", 3), ("{\"a\":1 \"b\":2}", 7), ("[\"a\":1]", 4), ("{\"a\"}", 4), ("}", 0),
            ("]", 0), ("[}", 1), ("{]", 1), ("{\"a\":1]", 6), ("\u{0C}1", 0),
        ]
        for (json, offset) in cases {
            XCTAssertEqual(syntaxErrorOffset(bytes(json)), offset, json)
        }
    }

    func testRejectsControlCharactersAndBadUTF8InStrings() {
        for byte in UInt8(0)..<0x20 {
            XCTAssertEqual(syntaxErrorOffset([0x22, 0x61, byte, 0x22]), 2, "control \(byte)")
        }
        let invalid: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0xAF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xC3, 0x41],
        ]
        for sequence in invalid {
            XCTAssertEqual(syntaxErrorOffset([0x22, 0x61] + sequence + [0x22]), 2, "\(sequence)")
        }
        XCTAssertEqual(syntaxErrorOffset([0x22, 0x61, 0xE2, 0x82]), 2)  // truncated by the end of input
    }

    func testAcceptsValidEdgeCases() throws {
        XCTAssertEqual(try kitDecode(Int.self, " \t\r\n 5 \n"), 5)
        XCTAssertEqual(try KitJSONDecoder().decode(Int.self, from: [0xEF, 0xBB, 0xBF] + bytes("7")), 7)  // BOM
        XCTAssertEqual(try kitDecode(String.self, #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#), "\"\\/\u{8}\u{c}\n\r\tAé€😀")
        XCTAssertEqual(try kitDecode(String.self, "\"é😀\u{7F}\""), "é😀\u{7F}")
        XCTAssertEqual(try kitDecode([Double].self, "[0,-0,1E2,1e-2,1.5E+3,-0.0e0]"), [0, -0.0, 100, 0.01, 1500, -0.0])
        XCTAssertEqual(try kitDecode([String: [Int]].self, #"{ "a" : [ 1 , 2 ] , "b" : [ ] }"#), ["a": [1, 2], "b": []])
        XCTAssertEqual(try kitDecode(JSONTree.self, "null"), .null)
    }

    func testNestingLimitIs512Levels() {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNil(syntaxErrorOffset(bytes(deepest)))
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        XCTAssertEqual(syntaxErrorOffset(bytes(tooDeep)), 512)
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        XCTAssertEqual(syntaxErrorOffset(bytes(objects)), 512 * 5)
        XCTAssertEqual(try kitDecode(NestedArrays.self, String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).depth, 512)
    }

    func testInputEndingInsideTokens() {
        for json in ["tr", "fals", "\"ab", "\"a\\", "\"\\u12", "-", "1.", "1e", "{\"a\"", "{\"a\":", "[1,", "{\"a\":1,"] {
            XCTAssertNotNil(syntaxErrorOffset(bytes(json)), json)
        }
    }

    /// 2,000 seeded random mutations of valid documents: the decoder must never crash, only
    /// decode or throw; whatever it accepts, Foundation must accept and read the same way.
    func testRandomMutationsNeverCrash() {
        let seeds: [String] = [
            #"{"model":"gpt-4o-mini","user":"u-1","tokens":1234,"temperature":0.7,"stream":false,"tags":["a","b"]}"#,
            #"[1,-2.5e3,true,false,null,"x\"y\\z\u00e9\ud83d\ude00",{"k":[[],{}]}]"#,
            #"{"a":{"b":{"c":[1,2,{"d":"é"}]}},"e":-0.0001,"f":"\n\t"}"#,
            #"[{"id":1,"name":"one","ok":true},{"id":2,"name":"two","ok":false}]"#,
        ]
        var random = SeededRandom(seed: 0x5EED)
        var accepted = 0
        for iteration in 0..<2_000 {
            var json = bytes(seeds[iteration % seeds.count])
            for _ in 0..<Int.random(in: 1...3, using: &random) { mutate(&json, using: &random) }
            let ours = try? KitJSONDecoder().decode(JSONTree.self, from: json)
            do {
                _ = try KitJSONDecoder().decode(KitJSONRoundTripTests.Request.self, from: json)
            } catch {
                XCTAssertTrue(error is DecodingError, "\(error)")
            }
            if let ours {
                accepted += 1
                XCTAssertEqual(ours, foundationTree(json), text(json))
            }
        }
        XCTAssertGreaterThan(accepted, 50)  // the mutations do not only produce garbage
    }

    private func mutate(_ json: inout [UInt8], using random: inout SeededRandom) {
        let interesting = bytes("{}[]\",:\\-+.eE0123456789tfnul ") + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        guard !json.isEmpty else { return json.append(interesting.randomElement(using: &random)!) }
        let index = Int.random(in: 0..<json.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: json.remove(at: index)
        case 1: json.insert(interesting.randomElement(using: &random)!, at: index)
        case 2: json[index] = interesting.randomElement(using: &random)!
        case 3: json[index] = UInt8.random(in: 0...255, using: &random)
        case 4: json.removeSubrange(index...)
        default:
            let end = min(json.count, index + Int.random(in: 1...8, using: &random))
            json.insert(contentsOf: json[index..<end], at: index)
        }
    }
}
