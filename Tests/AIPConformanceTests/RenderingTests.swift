@testable import AIPConformance
import XCTest

/// How inputs and text are shown in the report and in JUnit XML.
final class RenderingTests: XCTestCase {
    func testInputsAreShownExactlyAndCutAt200Bytes() {
        XCTAssertEqual(InputRendering.render([]), "(empty)")
        XCTAssertEqual(InputRendering.render(Array("{\"a\":\"b\\\"}\n".utf8)), #""{\"a\":\"b\\\"}\n""#)
        XCTAssertEqual(InputRendering.render([0x00, 0xFF, 0x41, 0xC3, 0xA9]), #""\x00\xffA\xc3\xa9""#)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 5000)
        XCTAssertEqual(InputRendering.render(long), "\"" + String(repeating: "x", count: 200) + "\"… (5000 bytes, first 200 shown)")
        XCTAssertEqual(InputRendering.render([UInt8](repeating: 0x41, count: 200)), "\"" + String(repeating: "A", count: 200) + "\"")
    }

    func testJUnitEscapesMarkupAndDropsWhatXMLCannotCarry() {
        XCTAssertEqual(JUnitReport.escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        XCTAssertEqual(JUnitReport.escape("line\nnext\ttab\u{1}bell"), "line&#10;next\ttab\u{FFFD}bell")
    }

    func testStatusTallyListsTheCommonestFirst() {
        var tally = StatusTally()
        for status: Int32 in [1, 0, 1, 5, 1, 0] { tally.add(status) }
        XCTAssertEqual(tally.description, "3 invalid_argument, 2 ok, 1 internal")
        XCTAssertEqual(tally.total, 6)
    }
}
