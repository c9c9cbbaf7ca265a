import AIPConfig
import XCTest

/// "type", "enum", "const" and boolean schemas.
final class JSONSchemaGenericKeywordTests: XCTestCase {
    func testSingleType() {
        let schema = compileSchema(#"{"type": "string"}"#)
        XCTAssertEqual(violationMessages(schema, #""hi""#), [])
        XCTAssertEqual(violationMessages(schema, "5"), ["expected string, got integer"])
    }

    func testTypeList() {
        let schema = compileSchema(#"{"type": ["string", "null"]}"#)
        XCTAssertEqual(violationMessages(schema, "null"), [])
        XCTAssertEqual(violationMessages(schema, "true"), ["expected string or null, got boolean"])
        XCTAssertEqual(violationMessages(compileSchema(#"{"type": ["array", "object", "boolean"]}"#), "1.5"),
                       ["expected array, object or boolean, got number"])
    }

    func testIntegerMatchesIntegralDoubles() {
        let schema = compileSchema(#"{"type": "integer"}"#)
        XCTAssertEqual(violationMessages(schema, "3"), [])
        XCTAssertEqual(violationMessages(schema, "3.0"), [])
        XCTAssertEqual(violationMessages(schema, "1e2"), [])
        XCTAssertEqual(violationMessages(schema, "3.5"), ["expected integer, got number"])
        XCTAssertEqual(violationMessages(schema, "\"3\""), ["expected integer, got string"])
    }

    func testNumberMatchesIntegersAndDoubles() {
        let schema = compileSchema(#"{"type": "number"}"#)
        XCTAssertEqual(violationMessages(schema, "3"), [])
        XCTAssertEqual(violationMessages(schema, "-0.5"), [])
        XCTAssertEqual(violationMessages(schema, "null"), ["expected number, got null"])
    }

    func testEveryTypeName() {
        let cases: [(String, String)] = [
            ("null", "null"), ("boolean", "false"), ("object", "{}"), ("array", "[]"), ("string", "\"\""),
        ]
        for (type, instance) in cases {
            XCTAssertEqual(violationMessages(compileSchema(#"{"type": "\#(type)"}"#), instance), [], type)
            XCTAssertEqual(violationMessages(compileSchema(#"{"type": "\#(type)"}"#), "1"), ["expected \(type), got integer"])
        }
    }

    func testEnum() {
        let schema = compileSchema(#"{"enum": ["red", "green", 3, null, [1, 2]]}"#)
        XCTAssertEqual(violationMessages(schema, #""green""#), [])
        XCTAssertEqual(violationMessages(schema, "null"), [])
        XCTAssertEqual(violationMessages(schema, "[1, 2]"), [])
        XCTAssertEqual(violationMessages(schema, #""blue""#), [#"expected one of "red", "green", 3, null, [1,2], got "blue""#])
    }

    func testEnumComparesNumbersMathematically() {
        let schema = compileSchema(#"{"enum": [1, 2.5]}"#)
        XCTAssertEqual(violationMessages(schema, "1.0"), [])
        XCTAssertEqual(violationMessages(schema, "2.5"), [])
        XCTAssertEqual(violationMessages(schema, "2"), ["expected one of 1, 2.5, got 2"])
    }

    func testSingleValueEnumReadsLikeConst() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"enum": ["only"]}"#), #""other""#), [#"expected "only", got "other""#])
    }

    func testConst() {
        let schema = compileSchema(#"{"const": {"mode": "fast", "level": 2}}"#)
        XCTAssertEqual(violationMessages(schema, #"{"level": 2.0, "mode": "fast"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"mode": "slow", "level": 2}"#),
                       [#"expected {"level":2,"mode":"fast"}, got {"level":2,"mode":"slow"}"#])
    }

    func testConstNull() {
        let schema = compileSchema(#"{"const": null}"#)
        XCTAssertEqual(violationMessages(schema, "null"), [])
        XCTAssertEqual(violationMessages(schema, "0"), ["expected null, got 0"])
    }

    func testBooleanSchemas() {
        XCTAssertEqual(violationMessages(compileSchema("true"), #"{"any": "thing"}"#), [])
        XCTAssertEqual(violationMessages(compileSchema("{}"), "[1]"), [])
        XCTAssertEqual(violationMessages(compileSchema("false"), "1"), ["no value is allowed here"])
    }

    func testAnnotationsDoNotAffectValidation() {
        let schema = compileSchema(#"{"title": "T", "description": "D", "format": "email", "default": 5, "examples": [1], "$comment": "c"}"#)
        XCTAssertEqual(violationMessages(schema, #""not an email""#), [])
    }

    func testViolationPathIsPrefixedWithTheGivenPath() {
        let schema = compileSchema(#"{"type": "object", "properties": {"a": {"type": "string"}}}"#)
        XCTAssertEqual(schema.validate(["a": 1], path: "plugins.x"),
                       [SchemaViolation(path: "plugins.x.a", message: "expected string, got integer")])
        XCTAssertEqual(schema.validate(.null, path: "plugins.x"),
                       [SchemaViolation(path: "plugins.x", message: "expected object, got null")])
    }
}
