import AIPConfig
import XCTest

final class JSONSchemaObjectKeywordTests: XCTestCase {
    func testProperties() {
        let schema = compileSchema(#"{"properties": {"name": {"type": "string"}, "port": {"type": "integer"}}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"name": "x", "port": 80, "extra": true}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"name": 1, "port": "80"}"#),
                       ["name: expected string, got integer", "port: expected integer, got string"])
    }

    func testRequired() {
        let schema = compileSchema(#"{"required": ["name", "port"]}"#)
        XCTAssertEqual(violationMessages(schema, #"{"name": "x", "port": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"name": "x"}"#), [#"missing required property "port""#])
        XCTAssertEqual(violationMessages(schema, "[]"), [])
    }

    func testAdditionalPropertiesFalseListsKnownNames() {
        let schema = compileSchema(#"{"properties": {"color": {}, "size": {}}, "additionalProperties": false}"#)
        XCTAssertEqual(violationMessages(schema, #"{"color": "red"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"colour": "red"}"#),
                       [#"colour: unknown property "colour" (known properties: color, size)"#])
    }

    func testAdditionalPropertiesFalseWithoutProperties() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"additionalProperties": false}"#), #"{"a": 1}"#),
                       [#"a: unknown property "a""#])
    }

    func testAdditionalPropertiesSchema() {
        let schema = compileSchema(#"{"properties": {"id": {"type": "string"}}, "additionalProperties": {"type": "integer"}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"id": "x", "a": 1, "b": 2}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"id": "x", "a": "one"}"#), ["a: expected integer, got string"])
    }

    func testPatternProperties() {
        let schema = compileSchema(#"{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}"#)
        XCTAssertEqual(violationMessages(schema, #"{"x-a": "1", "x-b": "2"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"x-a": 1, "y": "2"}"#),
                       ["x-a: expected string, got integer", #"y: unknown property "y""#])
    }

    func testPropertiesAndPatternPropertiesBothApply() {
        let schema = compileSchema(#"{"properties": {"x-a": {"minLength": 2}}, "patternProperties": {"^x-": {"type": "string"}}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"x-a": "ok"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"x-a": "o"}"#), ["x-a: expected at least 2 characters, got 1 character"])
    }

    func testPropertyNames() {
        let schema = compileSchema(#"{"propertyNames": {"pattern": "^[a-z_]+$"}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"ok_name": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"Bad": 1}"#),
                       [#"property name "Bad": "Bad" does not match the pattern "^[a-z_]+$""#])
    }

    func testMinAndMaxProperties() {
        let schema = compileSchema(#"{"minProperties": 1, "maxProperties": 2}"#)
        XCTAssertEqual(violationMessages(schema, #"{"a": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, "{}"), ["expected at least 1 property, got 0 properties"])
        XCTAssertEqual(violationMessages(schema, #"{"a": 1, "b": 2, "c": 3}"#), ["expected at most 2 properties, got 3 properties"])
    }

    func testDependentRequired() {
        let schema = compileSchema(#"{"dependentRequired": {"tls_cert": ["tls_key"]}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"tls_cert": "a", "tls_key": "b"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"other": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"tls_cert": "a"}"#),
                       [#"property "tls_key" is required when "tls_cert" is present"#])
    }

    func testDependentSchemas() {
        let schema = compileSchema(#"{"dependentSchemas": {"proxy": {"required": ["proxy_port"]}}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"proxy": "h", "proxy_port": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"proxy": "h"}"#), [#"missing required property "proxy_port""#])
    }

    func testNestedObjectPaths() {
        let schema = compileSchema(#"{"properties": {"servers": {"items": {"properties": {"port": {"type": "integer"}}}}}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"servers": [{"port": 1}, {"port": "x"}]}"#),
                       ["servers[1].port: expected integer, got string"])
    }

    func testViolationsAreReportedInKeyOrder() {
        let schema = compileSchema(#"{"additionalProperties": {"type": "string"}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"c": 1, "a": 2, "b": 3}"#),
                       ["a: expected string, got integer", "b: expected string, got integer", "c: expected string, got integer"])
    }
}
