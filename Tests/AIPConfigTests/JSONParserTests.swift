import AIPConfig
import XCTest

final class JSONParserTests: XCTestCase {
    func testParsesScalars() {
        XCTAssertEqual(parseJSON("null"), .null)
        XCTAssertEqual(parseJSON("true"), .bool(true))
        XCTAssertEqual(parseJSON("false"), .bool(false))
        XCTAssertEqual(parseJSON("\"hi\""), .string("hi"))
        XCTAssertEqual(parseJSON("42"), .int(42))
    }

    func testParsesNestedContainers() {
        let value = parseJSON(#"{"a": [1, {"b": null}, []], "c": {}, "d": "x"}"#)
        XCTAssertEqual(value, .object([
            "a": .array([.int(1), .object(["b": .null]), .array([])]),
            "c": .object([:]),
            "d": .string("x"),
        ]))
    }

    func testSurroundingWhitespaceIsAllowed() {
        XCTAssertEqual(parseJSON(" \t\r\n [ 1 ,\n 2 ] \n"), .array([.int(1), .int(2)]))
    }

    func testIntegersThatFitInt64StayExact() {
        XCTAssertEqual(parseJSON("0"), .int(0))
        XCTAssertEqual(parseJSON("-0"), .int(0))
        XCTAssertEqual(parseJSON("-17"), .int(-17))
        XCTAssertEqual(parseJSON("9223372036854775807"), .int(Int64.max))
        XCTAssertEqual(parseJSON("-9223372036854775808"), .int(Int64.min))
    }

    func testIntegersBeyondInt64BecomeDoubles() {
        XCTAssertEqual(parseJSON("9223372036854775808"), .double(0x1p63))
        XCTAssertEqual(parseJSON("-9223372036854775809"), .double(-0x1p63))
        XCTAssertEqual(parseJSON("123456789012345678901234567890"), .double(1.2345678901234568e29))
    }

    func testFractionsAndExponentsAreDoubles() {
        XCTAssertEqual(parseJSON("1.5"), .double(1.5))
        XCTAssertEqual(parseJSON("-0.25"), .double(-0.25))
        XCTAssertEqual(parseJSON("1e3"), .double(1000))
        XCTAssertEqual(parseJSON("1E+2"), .double(100))
        XCTAssertEqual(parseJSON("2.5e-3"), .double(0.0025))
        XCTAssertEqual(parseJSON("1.0"), .double(1.0))
    }

    func testStringEscapesDecode() {
        XCTAssertEqual(parseJSON(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{8}\u{C}\n\r\t"))
        XCTAssertEqual(parseJSON(#""\u0041\u00e9\u4e2D""#), .string("Aé中"))
        XCTAssertEqual(parseJSON(#""\u0000""#), .string("\u{0}"))
    }

    func testSurrogatePairsCombine() {
        XCTAssertEqual(parseJSON(#""\uD83D\uDE00""#), .string("😀"))
        XCTAssertEqual(parseJSON(#""a\ud834\udd1eb""#), .string("a𝄞b"))
    }

    func testNonASCIITextPassesThrough() {
        XCTAssertEqual(parseJSON("\"héllo wörld — 日本語 😀\""), .string("héllo wörld — 日本語 😀"))
    }

    func testEscapesMixedWithPlainTextAndUnicode() {
        XCTAssertEqual(parseJSON(#""é\n😀\t€""#), .string("é\n😀\t€"))
    }

    func testLeadingByteOrderMarkIsIgnored() {
        XCTAssertEqual(parseJSON("\u{FEFF}{\"a\": 1}"), .object(["a": .int(1)]))
    }

    func testNestingUpToTheLimitIsAccepted() {
        let depth = JSONParser.maximumNestingDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = parseJSON(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        XCTAssertEqual(levels, depth)
    }

    func testDefaultSourceName() {
        do {
            _ = try JSONParser.parse("")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.source, "<input>")
        }
    }
}
