import AIPConfig
import XCTest

final class JSONSchemaReferenceTests: XCTestCase {
    func testRefToDefs() {
        let schema = compileSchema(#"""
        {"properties": {"primary": {"$ref": "#/$defs/endpoint"}, "backup": {"$ref": "#/$defs/endpoint"}},
         "$defs": {"endpoint": {"type": "object", "required": ["host"], "properties": {"host": {"type": "string"}}}}}
        """#)
        XCTAssertEqual(violationMessages(schema, #"{"primary": {"host": "a"}, "backup": {"host": "b"}}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"primary": {"host": 1}, "backup": {}}"#),
                       [#"backup: missing required property "host""#, "primary.host: expected string, got integer"])
    }

    func testRefToDefinitions() {
        let schema = compileSchema(##"{"$ref": "#/definitions/port", "definitions": {"port": {"type": "integer", "maximum": 65535}}}"##)
        XCTAssertEqual(violationMessages(schema, "8080"), [])
        XCTAssertEqual(violationMessages(schema, "70000"), ["expected a value <= 65535, got 70000"])
    }

    func testRefAppliesAlongsideSiblingKeywords() {
        let schema = compileSchema(##"{"$ref": "#/$defs/s", "maxLength": 3, "$defs": {"s": {"type": "string"}}}"##)
        XCTAssertEqual(violationMessages(schema, "1"), ["expected string, got integer"])
        XCTAssertEqual(violationMessages(schema, #""abcd""#), ["expected at most 3 characters, got 4 characters"])
    }

    func testRecursiveSchemaThroughRootRef() {
        let schema = compileSchema(##"{"type": "object", "properties": {"name": {"type": "string"}, "children": {"items": {"$ref": "#"}}}}"##)
        XCTAssertEqual(violationMessages(schema, #"{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"children": [{"children": [{"name": 3}]}]}"#),
                       ["children[0].children[0].name: expected string, got integer"])
    }

    func testEscapedPointerTokens() {
        let schema = compileSchema(##"{"$ref": "#/$defs/a~1b%20c", "$defs": {"a/b c": {"type": "null"}}}"##)
        XCTAssertEqual(violationMessages(schema, "null"), [])
        XCTAssertEqual(violationMessages(schema, "1"), ["expected null, got integer"])
    }

    func testRefToNestedDefs() {
        let schema = compileSchema(##"{"properties": {"a": {"$defs": {"inner": {"const": 1}}}}, "$ref": "#/properties/a/$defs/inner"}"##)
        XCTAssertEqual(violationMessages(schema, "1"), [])
        XCTAssertEqual(violationMessages(schema, "2"), ["expected 1, got 2"])
    }

    func testReferenceLoopIsReportedInsteadOfRecursingForever() {
        let schema = compileSchema(##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}"##)
        XCTAssertEqual(violationMessages(schema, "1"), ["$ref #/$defs/a loops back to itself"])
    }
}
