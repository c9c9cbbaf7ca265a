import AIPConfig
import XCTest

final class JSONSchemaArrayKeywordTests: XCTestCase {
    func testItems() {
        let schema = compileSchema(#"{"items": {"type": "integer"}}"#)
        XCTAssertEqual(violationMessages(schema, "[1, 2, 3]"), [])
        XCTAssertEqual(violationMessages(schema, #"[1, "two", 3, null]"#),
                       ["[1]: expected integer, got string", "[3]: expected integer, got null"])
    }

    func testPrefixItemsThenItems() {
        let schema = compileSchema(#"{"prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": {"type": "number"}}"#)
        XCTAssertEqual(violationMessages(schema, #"["a", true, 1, 2.5]"#), [])
        XCTAssertEqual(violationMessages(schema, #"["a"]"#), [])
        XCTAssertEqual(violationMessages(schema, #"[1, true, "x"]"#),
                       ["[0]: expected string, got integer", "[2]: expected number, got string"])
    }

    func testItemsFalseForbidsExtraElements() {
        let schema = compileSchema(#"{"prefixItems": [{"type": "string"}], "items": false}"#)
        XCTAssertEqual(violationMessages(schema, #"["a"]"#), [])
        XCTAssertEqual(violationMessages(schema, #"["a", "b"]"#), ["[1]: no value is allowed here"])
    }

    func testMinAndMaxItems() {
        let schema = compileSchema(#"{"minItems": 1, "maxItems": 2}"#)
        XCTAssertEqual(violationMessages(schema, "[1]"), [])
        XCTAssertEqual(violationMessages(schema, "[]"), ["expected at least 1 item, got 0 items"])
        XCTAssertEqual(violationMessages(schema, "[1, 2, 3]"), ["expected at most 2 items, got 3 items"])
    }

    func testUniqueItems() {
        let schema = compileSchema(#"{"uniqueItems": true}"#)
        XCTAssertEqual(violationMessages(schema, #"[1, "1", [1], {"a": 1}, {"a": 2}]"#), [])
        XCTAssertEqual(violationMessages(schema, #"[{"a": 1, "b": 2}, 3, {"b": 2, "a": 1}]"#),
                       ["expected unique items, but items [0] and [2] are equal"])
        XCTAssertEqual(violationMessages(schema, "[1, 1.0]"), ["expected unique items, but items [0] and [1] are equal"])
        XCTAssertEqual(violationMessages(compileSchema(#"{"uniqueItems": false}"#), "[1, 1]"), [])
    }

    func testContains() {
        let schema = compileSchema(#"{"contains": {"type": "string"}}"#)
        XCTAssertEqual(violationMessages(schema, #"[1, "x"]"#), [])
        XCTAssertEqual(violationMessages(schema, "[1, 2]"), [#"expected at least 1 item matching "contains", found 0"#])
    }

    func testMinAndMaxContains() {
        let schema = compileSchema(#"{"contains": {"const": 1}, "minContains": 2, "maxContains": 3}"#)
        XCTAssertEqual(violationMessages(schema, "[1, 1, 2]"), [])
        XCTAssertEqual(violationMessages(schema, "[1, 2]"), [#"expected at least 2 items matching "contains", found 1"#])
        XCTAssertEqual(violationMessages(schema, "[1, 1, 1, 1]"), [#"expected at most 3 items matching "contains", found 4"#])
        XCTAssertEqual(violationMessages(compileSchema(#"{"contains": {"const": 1}, "minContains": 0}"#), "[]"), [])
    }

    func testArrayKeywordsIgnoreOtherTypes() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"minItems": 3, "items": false}"#), #"{"a": 1}"#), [])
    }

    func testNestedArrayPaths() {
        let schema = compileSchema(#"{"items": {"items": {"type": "string"}}}"#)
        XCTAssertEqual(schema.validate(parseJSON(#"[["a"], ["b", 2]]"#), path: "matrix"),
                       [SchemaViolation(path: "matrix[1][1]", message: "expected string, got integer")])
    }
}
