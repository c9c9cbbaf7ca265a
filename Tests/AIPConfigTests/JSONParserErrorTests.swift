import AIPConfig
import XCTest

/// Each rejection, with the exact position and wording a user would see.
final class JSONParserErrorTests: XCTestCase {
    func testEmptyInput() {
        XCTAssertEqual(parseFailure("")?.description, "test.json:1:1: empty input: expected a JSON value")
        XCTAssertEqual(parseFailure("  \n  ")?.description, "test.json:2:3: empty input: expected a JSON value")
    }

    func testTrailingCommaInObject() {
        XCTAssertEqual(parseFailure("{\n  \"a\": 1,\n}")?.description,
                       "test.json:2:9: trailing comma before '}' is not allowed")
    }

    func testTrailingCommaInArray() {
        XCTAssertEqual(parseFailure("[1, 2, ]")?.description, "test.json:1:6: trailing comma before ']' is not allowed")
    }

    func testMismatchedCloser() {
        XCTAssertEqual(parseFailure("{\"a\": 1]")?.description,
                       "test.json:1:8: expected ',' or '}' after object member, found ']'")
        XCTAssertEqual(parseFailure("[1 2]")?.description,
                       "test.json:1:4: expected ',' or ']' after array element, found '2'")
    }

    func testComments() {
        XCTAssertEqual(parseFailure("// note\n{}")?.description,
                       "test.json:1:1: unexpected '/', expected a JSON value")
        XCTAssertEqual(parseFailure("{\"a\": 1 /* note */}")?.description,
                       "test.json:1:9: expected ',' or '}' after object member, found '/'")
    }

    func testDuplicateKey() {
        XCTAssertEqual(parseFailure("{\n  \"x\": 1,\n  \"x\": 2\n}")?.description, "test.json:3:3: duplicate key \"x\"")
    }

    func testDuplicateKeyIsDetectedAfterEscapeDecoding() {
        XCTAssertEqual(parseFailure(#"{"ab": 1, "a\u0062": 2}"#)?.message, "duplicate key \"ab\"")
    }

    func testLeadingZeros() {
        XCTAssertEqual(parseFailure("[01]")?.description, "test.json:1:2: invalid number: leading zeros are not allowed")
        XCTAssertEqual(parseFailure("-007")?.description, "test.json:1:1: invalid number: leading zeros are not allowed")
    }

    func testMalformedNumbers() {
        XCTAssertEqual(parseFailure("-")?.description, "test.json:1:2: invalid number: expected a digit after '-', found end of input")
        XCTAssertEqual(parseFailure("1.")?.description,
                       "test.json:1:3: invalid number: expected a digit after the decimal point, found end of input")
        XCTAssertEqual(parseFailure("1e+x")?.description,
                       "test.json:1:4: invalid number: expected a digit after the exponent marker, found 'x'")
        XCTAssertEqual(parseFailure(".5")?.description, "test.json:1:1: unexpected '.', expected a JSON value")
        XCTAssertEqual(parseFailure("+1")?.description, "test.json:1:1: unexpected '+', expected a JSON value")
    }

    func testNumberTooLarge() {
        XCTAssertEqual(parseFailure("[1e400]")?.description, "test.json:1:2: number 1e400 is too large to represent")
    }

    func testBadEscapes() {
        XCTAssertEqual(parseFailure(#"["a\x"]"#)?.description, #"test.json:1:4: invalid escape sequence '\x' in string"#)
        XCTAssertEqual(parseFailure(#""\u12G4""#)?.description, #"test.json:1:2: invalid \u escape: expected four hex digits"#)
        XCTAssertEqual(parseFailure("\"\\\u{7}\"")?.description,
                       #"test.json:1:2: invalid escape sequence in string: '\' followed by U+0007"#)
    }

    func testLoneSurrogates() {
        XCTAssertEqual(parseFailure(#""ab\uD800""#)?.description, #"test.json:1:4: lone surrogate \uD800 in string"#)
        XCTAssertEqual(parseFailure(#""\uDC00\uD800""#)?.description, #"test.json:1:2: lone surrogate \uDC00 in string"#)
        XCTAssertEqual(parseFailure(#""\uD800\u0041""#)?.description, #"test.json:1:2: lone surrogate \uD800 in string"#)
    }

    func testControlCharactersInStrings() {
        XCTAssertEqual(parseFailure("\"a\tb\"")?.description, "test.json:1:3: unescaped control character U+0009 in string")
        XCTAssertEqual(parseFailure("{\"a\": \"line\nbreak\"}")?.description,
                       #"test.json:1:12: unescaped line break in string (write it as \n)"#)
    }

    func testUnterminatedString() {
        XCTAssertEqual(parseFailure("{\n  \"key\": \"value")?.description, "test.json:2:10: unterminated string")
        XCTAssertEqual(parseFailure(#""abc\"#)?.description, "test.json:1:1: unterminated string")
    }

    func testUnterminatedContainers() {
        XCTAssertEqual(parseFailure("[1, 2")?.description,
                       "test.json:1:6: expected ',' or ']' after array element, found end of input")
        XCTAssertEqual(parseFailure("{\"a\":")?.description, "test.json:1:6: unexpected end of input, expected a JSON value")
        XCTAssertEqual(parseFailure("{")?.description,
                       "test.json:1:2: expected a string key for an object member, found end of input")
    }

    func testObjectKeyProblems() {
        XCTAssertEqual(parseFailure("{a: 1}")?.description,
                       "test.json:1:2: expected a string key for an object member, found 'a'")
        XCTAssertEqual(parseFailure("{\"a\" 1}")?.description,
                       "test.json:1:6: expected ':' after object key \"a\", found '1'")
    }

    func testTrailingGarbage() {
        XCTAssertEqual(parseFailure("{} x")?.description, "test.json:1:4: unexpected 'x' after the JSON value")
        XCTAssertEqual(parseFailure("1 2")?.description, "test.json:1:3: unexpected '2' after the JSON value")
    }

    func testInvalidLiterals() {
        XCTAssertEqual(parseFailure("[True]")?.description,
                       "test.json:1:2: invalid literal 'True', expected a JSON value (literals are true, false and null)")
        XCTAssertEqual(parseFailure("nul")?.description,
                       "test.json:1:1: invalid literal 'nul', expected a JSON value (literals are true, false and null)")
        XCTAssertEqual(parseFailure("NaN")?.message,
                       "invalid literal 'NaN', expected a JSON value (literals are true, false and null)")
    }

    func testNestingBeyondTheLimit() {
        let depth = JSONParser.maximumNestingDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertEqual(parseFailure(text)?.description, "test.json:1:513: nesting is deeper than 512 levels")
    }

    func testColumnsCountUnicodeScalarsNotBytes() {
        XCTAssertEqual(parseFailure("{\"é😀\": 1,}")?.description, "test.json:1:9: trailing comma before '}' is not allowed")
    }

    func testErrorExposesItsParts() {
        let error = parseFailure("\n\n   ]")
        XCTAssertEqual(error?.source, "test.json")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 4)
        XCTAssertEqual(error?.location, SourceLocation(line: 3, column: 4))
        XCTAssertEqual(error?.message, "unexpected ']', expected a JSON value")
    }
}
