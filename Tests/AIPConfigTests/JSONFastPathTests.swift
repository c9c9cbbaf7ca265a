import AIPConfig
import XCTest

/// The parser and writer scan strings eight bytes at a time, keep open containers' entries in
/// shared scratch arrays and switch duplicate-key checks from a linear search to a set past 16
/// members; these tests pin each of those paths at its edges.
final class JSONFastPathTests: XCTestCase {
    private let specials: [(raw: String, escaped: String)] = [
        ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{1}", #"\u0001"#), ("\u{1F}", #"\u001f"#), ("\t", #"\t"#),
    ]

    func testEscapesAtEveryPositionAroundWordBoundaries() {
        for (raw, escaped) in specials {
            for position in 0..<20 {
                // Non-ASCII neighbours have the high bit set, which the eight-byte test must not mistake for a special byte.
                let before = String(repeating: position % 2 == 0 ? "a" : "é", count: position)
                let text = before + raw + "zyxwvutsrqp"
                XCTAssertEqual(JSONValue.string(text).serialized(), "\"" + before + escaped + "zyxwvutsrqp\"",
                               "special \(escaped) after \(position) characters")
                XCTAssertEqual(parseJSON("\"" + before + escaped + "zyxwvutsrqp\""), .string(text))
            }
        }
    }

    func testUnescapedControlCharacterIsFoundAtEveryPosition() {
        for position in 0..<20 {
            let text = "[\"" + String(repeating: "b", count: position) + "\u{2}tail\"]"
            XCTAssertEqual(parseFailure(text)?.description,
                           "test.json:1:\(position + 3): unescaped control character U+0002 in string")
        }
    }

    func testUnterminatedStringOfEveryLength() {
        for length in 0..<20 {
            XCTAssertEqual(parseFailure("  \"" + String(repeating: "c", count: length))?.description,
                           "test.json:1:3: unterminated string")
        }
    }

    func testIntegersAtEveryDigitCount() {
        var magnitude: Int64 = 1
        for _ in 0..<18 {
            for number in [magnitude - 1, magnitude, -magnitude, -(magnitude - 1), magnitude * 9] {
                XCTAssertEqual(JSONValue.int(number).serialized(), String(number))
            }
            magnitude *= 10
        }
        for number in [Int64.max, Int64.min, Int64.min + 1, magnitude, -magnitude] {
            XCTAssertEqual(JSONValue.int(number).serialized(), String(number))
            XCTAssertEqual(parseJSON(String(number)), .int(number))
        }
    }

    func testDuplicateKeysAreFoundInLargeObjects() {
        let members = (0..<20).map { "\"k\($0)\": \($0)" }
        for duplicate in [0, 3, 15, 16, 19] {
            let text = "{" + members.joined(separator: ", ") + ", \"k\(duplicate)\": 0}"
            // The duplicate's opening quote starts the last `"kN": 0}`.
            let column = text.utf8.count - (7 + String(duplicate).count) + 1
            XCTAssertEqual(parseFailure(text)?.description, "test.json:1:\(column): duplicate key \"k\(duplicate)\"")
        }
        let distinct = "{" + members.joined(separator: ", ") + ", \"k20\": 20}"
        XCTAssertEqual(parseJSON(distinct).objectValue?.count, 21)
    }

    func testCanonicallyEquivalentKeysAreDuplicatesInSmallAndLargeObjects() {
        // "é" precomposed and "e" + combining acute are the same Swift String, hence the same dictionary key.
        XCTAssertEqual(parseFailure(#"{"\u00e9": 1, "e\u0301": 2}"#)?.message, "duplicate key \"é\"")
        let filler = (0..<17).map { "\"f\($0)\": 0, " }.joined()
        XCTAssertEqual(parseFailure("{" + filler + #""\u00e9": 1, "e\u0301": 2}"#)?.message, "duplicate key \"é\"")
    }

    func testNestedContainersKeepTheirOwnEntries() {
        let large = (0..<18).map { "\"m\($0)\": [\($0), {\"in\": \($0)}]" }.joined(separator: ",")
        let text = #"[{"a": [1, {"b": [2, 3]}], "c": 4}, [5, [6, []]], {"d": {}}, {"# + large + "}, 7]"
        var largeObject: [String: JSONValue] = [:]
        for index in 0..<18 { largeObject["m\(index)"] = [.int(Int64(index)), ["in": .int(Int64(index))]] }
        let expected: JSONValue = [
            ["a": [1, ["b": [2, 3]]], "c": 4],
            [5, [6, []]],
            ["d": [:]],
            .object(largeObject),
            7,
        ]
        XCTAssertEqual(parseJSON(text), expected)
        XCTAssertEqual(parseJSON(expected.serialized(sortedKeys: false)), expected)
    }

    func testUnsortedOutputFollowsTheDictionarysOrder() {
        let members = Dictionary(uniqueKeysWithValues: (0..<40).map { ("key\($0)", JSONValue.int(Int64($0))) })
        let expected = "{" + members.map { "\"\($0.key)\":\($0.value.serialized())" }.joined(separator: ",") + "}"
        XCTAssertEqual(JSONValue.object(members).serialized(sortedKeys: false), expected)
    }

    func testOutputLargerThanTheInitialBuffer() {
        let text = String(repeating: "0123456789\"", count: 20_000)
        let value: JSONValue = ["text": .string(text), "list": .array((0..<5_000).map { .int(Int64($0)) })]
        let serialized = value.serialized()
        // {"list":[ digits, commas ],"text":" escaped text "}
        XCTAssertEqual(serialized.utf8.count, 9 + (10 + 90 * 2 + 900 * 3 + 4_000 * 4) + 4_999 + 10 + 20_000 * 12 + 2)
        XCTAssertEqual(parseJSON(serialized), value)
    }
}

final class JSONSerializedBytesTests: XCTestCase {
    func testBytesAreTheUTF8OfTheText() {
        let value: JSONValue = ["text": "é \"quoted\"\n", "list": [1, 2.5, nil, true], "nested": ["z": [:], "a": []]]
        for pretty in [false, true] {
            for sortedKeys in [false, true] {
                XCTAssertEqual(value.serializedBytes(pretty: pretty, sortedKeys: sortedKeys),
                               Array(value.serialized(pretty: pretty, sortedKeys: sortedKeys).utf8))
            }
        }
    }
}
