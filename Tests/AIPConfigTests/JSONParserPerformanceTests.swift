import AIPConfig
import XCTest

/// Guards against accidentally quadratic parsing (e.g. recounting columns from the start of a
/// line for every value) by parsing megabyte documents, one of them on a single line.
final class JSONParserPerformanceTests: XCTestCase {
    private func largeDocument(pretty: Bool) -> (text: String, records: Int) {
        let record: JSONValue = [
            "name": "plugin-\u{e9}-😀",
            "enabled": true,
            "weights": [1, 2.5, -3e-2, 40],
            "note": "line\nbreak \"quoted\" and more text to make the record longer",
        ]
        let count = pretty ? 5_500 : 7_500
        let text = JSONValue.array(Array(repeating: record, count: count)).serialized(pretty: pretty)
        return (text, count)
    }

    func testParsesAMegabyteOnOneLineWithLocations() throws {
        let (text, records) = largeDocument(pretty: false)
        XCTAssertGreaterThan(text.utf8.count, 1_000_000)
        let result = try JSONParser.parseWithLocations(text, source: "big.json")
        XCTAssertEqual(result.value.arrayValue?.count, records)
        XCTAssertEqual(result.locations["[\(records - 1)].weights[3]"]?.line, 1)
        XCTAssertEqual(result.locations.count, 1 + records * 9)
    }

    func testParsesAMegabyteOfPrettyJSON() throws {
        let (text, records) = largeDocument(pretty: true)
        XCTAssertGreaterThan(text.utf8.count, 1_000_000)
        let value = try JSONParser.parse(text, source: "big.json")
        XCTAssertEqual(value.arrayValue?.last?["note"], .string("line\nbreak \"quoted\" and more text to make the record longer"))
        XCTAssertEqual(value.arrayValue?.count, records)
    }
}
