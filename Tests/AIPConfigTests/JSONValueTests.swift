import AIPConfig
import XCTest

final class JSONValueTests: XCTestCase {
    func testKeySubscript() {
        let value: JSONValue = ["a": 1]
        XCTAssertEqual(value["a"], .int(1))
        XCTAssertNil(value["missing"])
        XCTAssertNil(JSONValue.array([1])["a"])
    }

    func testTypedAccessors() {
        XCTAssertEqual(JSONValue.string("s").stringValue, "s")
        XCTAssertNil(JSONValue.int(1).stringValue)
        XCTAssertEqual(JSONValue.object(["k": .null]).objectValue, ["k": .null])
        XCTAssertNil(JSONValue.array([]).objectValue)
        XCTAssertEqual(JSONValue.array([.bool(true)]).arrayValue, [.bool(true)])
        XCTAssertNil(JSONValue.object([:]).arrayValue)
        XCTAssertEqual(JSONValue.bool(false).boolValue, false)
        XCTAssertNil(JSONValue.int(0).boolValue)
        XCTAssertTrue(JSONValue.null.isNull)
        XCTAssertFalse(JSONValue.int(0).isNull)
    }

    func testNumericAccessorsConvertWhereExact() {
        XCTAssertEqual(JSONValue.int(7).int64Value, 7)
        XCTAssertEqual(JSONValue.double(3.0).int64Value, 3)
        XCTAssertNil(JSONValue.double(3.5).int64Value)
        XCTAssertNil(JSONValue.double(1e30).int64Value)
        XCTAssertNil(JSONValue.string("7").int64Value)
        XCTAssertEqual(JSONValue.int(7).doubleValue, 7.0)
        XCTAssertEqual(JSONValue.double(0.5).doubleValue, 0.5)
        XCTAssertNil(JSONValue.bool(true).doubleValue)
    }

    func testTypeNames() {
        let values: [JSONValue] = [.null, .bool(true), .int(1), .double(1), .string(""), .array([]), .object([:])]
        XCTAssertEqual(values.map(\.typeName), ["null", "boolean", "integer", "number", "string", "array", "object"])
    }

    func testLiterals() {
        let value: JSONValue = ["n": nil, "b": true, "i": 3, "d": 1.5, "s": "x", "a": [1, "two"]]
        XCTAssertEqual(value, .object([
            "n": .null, "b": .bool(true), "i": .int(3), "d": .double(1.5), "s": .string("x"),
            "a": .array([.int(1), .string("two")]),
        ]))
    }

    func testIntegerAndDoubleAreDistinctCases() {
        XCTAssertNotEqual(JSONValue.int(1), JSONValue.double(1))
        XCTAssertEqual(Set<JSONValue>([.int(1), .int(1), .double(1)]).count, 2)
    }
}
