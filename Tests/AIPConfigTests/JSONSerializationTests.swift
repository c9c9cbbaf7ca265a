import AIPConfig
import XCTest

final class JSONSerializationTests: XCTestCase {
    func testScalars() {
        XCTAssertEqual(JSONValue.null.serialized(), "null")
        XCTAssertEqual(JSONValue.bool(true).serialized(), "true")
        XCTAssertEqual(JSONValue.int(-12).serialized(), "-12")
        XCTAssertEqual(JSONValue.int(Int64.min).serialized(), "-9223372036854775808")
        XCTAssertEqual(JSONValue.string("hi").serialized(), "\"hi\"")
    }

    func testDoublesUseShortestRoundTrippingForm() {
        XCTAssertEqual(JSONValue.double(1).serialized(), "1.0")
        XCTAssertEqual(JSONValue.double(0.1).serialized(), "0.1")
        XCTAssertEqual(JSONValue.double(-2.5).serialized(), "-2.5")
        XCTAssertEqual(JSONValue.double(1e20).serialized(), "1e+20")
        XCTAssertEqual(JSONValue.double(1e-7).serialized(), "1e-07")
    }

    func testNonFiniteDoublesBecomeNull() {
        XCTAssertEqual(JSONValue.array([.double(.nan), .double(.infinity), .double(-.infinity)]).serialized(),
                       "[null,null,null]")
    }

    func testEscapesWhatJSONRequires() {
        let text = "quote\" backslash\\ slash/ \n\r\t\u{8}\u{C} nul\u{0} unit\u{1F}"
        XCTAssertEqual(JSONValue.string(text).serialized(),
                       #""quote\" backslash\\ slash/ \n\r\t\b\f nul\u0000 unit\u001f""#)
    }

    func testKeepsNonASCIIAsUTF8() {
        XCTAssertEqual(JSONValue.string("é 日本 😀 \u{7F}").serialized(), "\"é 日本 😀 \u{7F}\"")
    }

    func testCompactOutputSortsKeys() {
        let value: JSONValue = ["b": [1, 2], "a": ["z": nil, "y": true], "c": [:], "d": []]
        XCTAssertEqual(value.serialized(), #"{"a":{"y":true,"z":null},"b":[1,2],"c":{},"d":[]}"#)
    }

    func testPrettyOutput() {
        let value: JSONValue = ["name": "greeter", "steps": [1, 2.5], "empty": [:], "nested": ["ok": true]]
        XCTAssertEqual(value.serialized(pretty: true), """
        {
          "empty": {},
          "name": "greeter",
          "nested": {
            "ok": true
          },
          "steps": [
            1,
            2.5
          ]
        }
        """)
    }

    func testUnsortedOutputStillContainsEveryMember() {
        let value: JSONValue = ["a": 1, "b": 2, "c": 3]
        XCTAssertEqual(parseJSON(value.serialized(sortedKeys: false)), value)
    }

    func testRoundTripPreservesValues() {
        let value: JSONValue = [
            "text": "tab\there \"quoted\" \\ é 😀 \u{1} \u{2028}",
            "numbers": [0, -1, .int(Int64.max), .int(Int64.min), 0.1, -1e-300, 1.7976931348623157e308, .double(.leastNonzeroMagnitude), 2.0],
            "flags": [true, false, nil],
            "nested": ["deeper": [["x": []]]],
            "": "empty key",
        ]
        XCTAssertEqual(parseJSON(value.serialized()), value)
        XCTAssertEqual(parseJSON(value.serialized(pretty: true)), value)
    }

    func testParsedTextRoundTrips() {
        let text = #"{"a":[1,2.5,"\u00e9\n",{"b":null}],"c":true}"#
        let value = parseJSON(text)
        XCTAssertEqual(value.serialized(), #"{"a":[1,2.5,"é\n",{"b":null}],"c":true}"#)
        XCTAssertEqual(parseJSON(value.serialized()), value)
    }
}
