import AIPConfig
import XCTest

/// allOf, anyOf, oneOf, not, if/then/else.
final class JSONSchemaCombinatorTests: XCTestCase {
    func testAllOfReportsEveryFailure() {
        let schema = compileSchema(#"{"allOf": [{"type": "string"}, {"minLength": 3}, {"pattern": "^a"}]}"#)
        XCTAssertEqual(violationMessages(schema, #""abc""#), [])
        XCTAssertEqual(violationMessages(schema, #""b""#),
                       ["expected at least 3 characters, got 1 character", #""b" does not match the pattern "^a""#])
    }

    func testAnyOfSummarisesEachAlternative() {
        let schema = compileSchema(#"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 10}]}"#)
        XCTAssertEqual(violationMessages(schema, #""x""#), [])
        XCTAssertEqual(violationMessages(schema, "12"), [])
        XCTAssertEqual(violationMessages(schema, "5"),
                       ["does not match any alternative in anyOf: [0] expected string, got integer; [1] expected a value >= 10, got 5"])
    }

    func testAnyOfSummaryNamesNestedPathsAndCountsExtraFailures() {
        let schema = compileSchema(#"{"anyOf": [{"properties": {"a": {"type": "string"}}}, {"required": ["b", "c"]}]}"#)
        XCTAssertEqual(schema.validate(["a": 1], path: "cfg"), [SchemaViolation(
            path: "cfg",
            message: #"does not match any alternative in anyOf: [0] cfg.a: expected string, got integer; [1] missing required property "b" (and 1 more)"#)])
    }

    func testOneOfNeedsExactlyOneMatch() {
        let schema = compileSchema(#"{"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}, {"type": "string"}]}"#)
        XCTAssertEqual(violationMessages(schema, "3"), [])
        XCTAssertEqual(violationMessages(schema, #""s""#), [])
        XCTAssertEqual(violationMessages(schema, "7"), ["matches 2 alternatives in oneOf ([0] and [1]), expected exactly one"])
        XCTAssertEqual(violationMessages(compileSchema(#"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#), "null"),
                       ["does not match any alternative in oneOf: [0] expected integer, got null; [1] expected string, got null"])
    }

    func testNot() {
        let schema = compileSchema(#"{"not": {"type": "null"}}"#)
        XCTAssertEqual(violationMessages(schema, "0"), [])
        XCTAssertEqual(violationMessages(schema, "null"), [#"must not match the schema in "not""#])
    }

    func testIfThenElse() {
        let schema = compileSchema(#"""
        {"if": {"properties": {"mode": {"const": "tcp"}}, "required": ["mode"]},
         "then": {"required": ["port"]},
         "else": {"required": ["path"]}}
        """#)
        XCTAssertEqual(violationMessages(schema, #"{"mode": "tcp", "port": 1}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"mode": "unix", "path": "/s"}"#), [])
        XCTAssertEqual(violationMessages(schema, #"{"mode": "tcp"}"#), [#"missing required property "port""#])
        XCTAssertEqual(violationMessages(schema, #"{"mode": "unix"}"#), [#"missing required property "path""#])
    }

    func testIfWithoutBranchesHasNoEffect() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"if": {"type": "string"}}"#), "1"), [])
    }
}
