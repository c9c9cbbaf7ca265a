import AIPConfig
import XCTest

/// Numeric and string keywords.
final class JSONSchemaScalarKeywordTests: XCTestCase {
    func testMinimumAndMaximum() {
        let schema = compileSchema(#"{"minimum": 1, "maximum": 10}"#)
        XCTAssertEqual(violationMessages(schema, "1"), [])
        XCTAssertEqual(violationMessages(schema, "10.0"), [])
        XCTAssertEqual(violationMessages(schema, "0"), ["expected a value >= 1, got 0"])
        XCTAssertEqual(violationMessages(schema, "10.5"), ["expected a value <= 10, got 10.5"])
    }

    func testExclusiveBounds() {
        let schema = compileSchema(#"{"exclusiveMinimum": 0, "exclusiveMaximum": 1.5}"#)
        XCTAssertEqual(violationMessages(schema, "1"), [])
        XCTAssertEqual(violationMessages(schema, "0"), ["expected a value > 0, got 0"])
        XCTAssertEqual(violationMessages(schema, "1.5"), ["expected a value < 1.5, got 1.5"])
    }

    func testBoundsCompareLargeIntegersExactly() {
        let schema = compileSchema(#"{"maximum": 9007199254740992}"#)
        XCTAssertEqual(violationMessages(schema, "9007199254740992"), [])
        XCTAssertEqual(violationMessages(schema, "9007199254740993"), ["expected a value <= 9007199254740992, got 9007199254740993"])
        XCTAssertEqual(violationMessages(compileSchema(#"{"minimum": 9007199254740993}"#), "9007199254740992.0"),
                       ["expected a value >= 9007199254740993, got 9007199254740992.0"])
    }

    func testNumericKeywordsIgnoreOtherTypes() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"minimum": 5, "multipleOf": 2}"#), #""text""#), [])
    }

    func testMultipleOfIntegers() {
        let schema = compileSchema(#"{"multipleOf": 5}"#)
        XCTAssertEqual(violationMessages(schema, "-15"), [])
        XCTAssertEqual(violationMessages(schema, "20.0"), [])
        XCTAssertEqual(violationMessages(schema, "7"), ["expected a multiple of 5, got 7"])
    }

    func testMultipleOfDecimalsToleratesBinaryRounding() {
        let schema = compileSchema(#"{"multipleOf": 0.1}"#)
        XCTAssertEqual(violationMessages(schema, "0.3"), [])
        XCTAssertEqual(violationMessages(schema, "0.7"), [])
        XCTAssertEqual(violationMessages(schema, "4"), [])
        XCTAssertEqual(violationMessages(schema, "0.35"), ["expected a multiple of 0.1, got 0.35"])
    }

    func testLengthsCountUnicodeScalars() {
        let schema = compileSchema(#"{"minLength": 2, "maxLength": 3}"#)
        XCTAssertEqual(violationMessages(schema, #""日本""#), [])
        XCTAssertEqual(violationMessages(schema, #""😀😀😀""#), [])
        XCTAssertEqual(violationMessages(schema, #""é""#), ["expected at least 2 characters, got 1 character"])
        XCTAssertEqual(violationMessages(schema, #""abcd""#), ["expected at most 3 characters, got 4 characters"])
    }

    func testPatternIsUnanchored() {
        let schema = compileSchema(#"{"pattern": "[0-9]{3}"}"#)
        XCTAssertEqual(violationMessages(schema, #""abc123def""#), [])
        XCTAssertEqual(violationMessages(schema, #""ab12""#), [#""ab12" does not match the pattern "[0-9]{3}""#])
    }

    func testAnchoredPattern() {
        let schema = compileSchema(#"{"pattern": "^[a-z][a-z0-9-]*$"}"#)
        XCTAssertEqual(violationMessages(schema, #""swift-greeter""#), [])
        XCTAssertEqual(violationMessages(schema, #""Swift""#), [#""Swift" does not match the pattern "^[a-z][a-z0-9-]*$""#])
    }

    func testPatternWorksOnNonASCIIText() {
        let schema = compileSchema(#"{"pattern": "^.😀$"}"#)
        XCTAssertEqual(violationMessages(schema, #""é😀""#), [])
    }

    func testStringKeywordsIgnoreOtherTypes() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"minLength": 5, "pattern": "^x"}"#), "12"), [])
    }

    func testLongValuesAreShortenedInMessages() {
        let long = String(repeating: "a", count: 200)
        let messages = violationMessages(compileSchema(#"{"pattern": "^b"}"#), "\"\(long)\"")
        XCTAssertEqual(messages, ["\"" + String(repeating: "a", count: 60) + "...\" does not match the pattern \"^b\""])
        let bigArray = "[" + Array(repeating: "1", count: 100).joined(separator: ",") + "]"
        XCTAssertEqual(violationMessages(compileSchema(#"{"const": 2}"#), bigArray),
                       ["expected 2, got " + String(bigArray.prefix(77)) + "..."])
    }
}
