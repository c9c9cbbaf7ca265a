import AIPConfig
import XCTest

final class JSONLocationTests: XCTestCase {
    private func locations(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String: SourceLocation] {
        do {
            return try JSONParser.parseWithLocations(text, source: "test.json").locations
        } catch {
            XCTFail("unexpected parse error: \(error)", file: file, line: line)
            return [:]
        }
    }

    func testRecordsWhereEveryValueStarts() {
        let text = """
        {
          "plugins": {
            "greeter": { "greeting": "hi" },
            "items": [10, [true, null]]
          }
        }
        """
        XCTAssertEqual(locations(text), [
            "": SourceLocation(line: 1, column: 1),
            "plugins": SourceLocation(line: 2, column: 14),
            "plugins.greeter": SourceLocation(line: 3, column: 16),
            "plugins.greeter.greeting": SourceLocation(line: 3, column: 30),
            "plugins.items": SourceLocation(line: 4, column: 14),
            "plugins.items[0]": SourceLocation(line: 4, column: 15),
            "plugins.items[1]": SourceLocation(line: 4, column: 19),
            "plugins.items[1][0]": SourceLocation(line: 4, column: 20),
            "plugins.items[1][1]": SourceLocation(line: 4, column: 26),
        ])
    }

    func testReturnsTheParsedValueToo() throws {
        let result = try JSONParser.parseWithLocations(#"{"a": [1]}"#, source: "x")
        XCTAssertEqual(result.value, .object(["a": .array([.int(1)])]))
    }

    func testRootScalarIsLocatedAfterLeadingWhitespace() {
        XCTAssertEqual(locations("\n\n   42"), ["": SourceLocation(line: 3, column: 4)])
    }

    func testColumnsCountUnicodeScalars() {
        let found = locations("{\"日本\": \"😀\", \"k\": 1}")
        XCTAssertEqual(found["日本"], SourceLocation(line: 1, column: 8))
        XCTAssertEqual(found["k"], SourceLocation(line: 1, column: 18))
    }

    func testCarriageReturnLineFeedCountsAsOneLine() {
        let found = locations("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}")
        XCTAssertEqual(found["a"], SourceLocation(line: 2, column: 8))
        XCTAssertEqual(found["b"], SourceLocation(line: 3, column: 8))
    }

    func testByteOrderMarkDoesNotShiftColumns() {
        XCTAssertEqual(locations("\u{FEFF}[1]")["[0]"], SourceLocation(line: 1, column: 2))
    }

    func testErrorsOnLaterLinesAfterLongLines() {
        let text = "[\"" + String(repeating: "é", count: 300) + "\",\n  1,\n  oops]"
        XCTAssertEqual(parseFailure(text)?.description,
                       "test.json:3:3: invalid literal 'oops', expected a JSON value (literals are true, false and null)")
    }
}
