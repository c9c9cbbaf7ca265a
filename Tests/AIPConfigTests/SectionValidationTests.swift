import AIPConfig
import XCTest

/// Validating a plugin's section against the JSON Schema the plugin declares.
final class SectionValidationTests: XCTestCase {
    private let file = """
    {
      "plugins": {
        "greeter": {
          "greeting": 42,
          "times": 0,
          "style": {"colour": "red"}
        },
        "counter": {"step": 2}
      }
    }
    """

    private let greeterSchema = """
    {
      "type": "object",
      "properties": {
        "greeting": {"type": "string", "default": "Hello"},
        "times": {"type": "integer", "minimum": 1, "default": 1},
        "style": {"type": "object", "properties": {"color": {"type": "string"}}, "additionalProperties": false}
      },
      "additionalProperties": false
    }
    """

    private let counterSchema = """
    {"type": "object", "required": ["step"],
     "properties": {"step": {"type": "integer"}, "start": {"type": "integer", "default": 0}}}
    """

    private func failure(_ result: Result<JSONValue, ConfigError>,
                         file: StaticString = #filePath, line: UInt = #line) -> ConfigError? {
        switch result {
        case .success(let value):
            XCTFail("expected a validation failure, got \(value)", file: file, line: line)
            return nil
        case .failure(let error):
            return error
        }
    }

    func testValidSectionComesBackWithDefaults() {
        let config = parseConfig(file)
        XCTAssertEqual(try config?.validateSection(plugin: "counter", schemaText: counterSchema).get(),
                       ["step": 2, "start": 0])
    }

    func testWithoutASchemaTheSectionIsReturnedAsIs() {
        let config = parseConfig(file)
        XCTAssertEqual(try config?.validateSection(plugin: "counter", schemaText: nil).get(), ["step": 2])
        XCTAssertEqual(try config?.validateSection(plugin: "absent", schemaText: nil).get(), [:])
    }

    func testAbsentSectionGetsDefaults() {
        let config = parseConfig("{}")
        XCTAssertEqual(try config?.validateSection(plugin: "greeter", schemaText: greeterSchema).get(),
                       ["greeting": "Hello", "times": 1])
    }

    func testSingleViolationReadsLikeACompilerDiagnostic() {
        let text = """
        {
          "plugins": {
            "greeter": {
            "greeting": 42 }
          }
        }
        """
        let error = failure(parseConfig(text)!.validateSection(plugin: "greeter", schemaText: greeterSchema))
        XCTAssertEqual(error?.description, "/etc/aip/config.json:4:17: plugins.greeter.greeting: expected string, got integer")
        XCTAssertEqual(error?.path, "plugins.greeter.greeting")
        XCTAssertEqual(error?.location, SourceLocation(line: 4, column: 17))
    }

    func testSeveralViolationsAreListedWithTheirPositions() {
        let error = failure(parseConfig(file)!.validateSection(plugin: "greeter", schemaText: greeterSchema))
        XCTAssertEqual(error?.description, """
        /etc/aip/config.json: plugins.greeter: 3 problems with the settings of plugin "greeter":
          plugins.greeter.greeting: expected string, got integer (line 4, column 19)
          plugins.greeter.style.colour: unknown property "colour" (known properties: color) (line 6, column 27)
          plugins.greeter.times: expected a value >= 1, got 0 (line 5, column 16)
        """)
        XCTAssertEqual(error?.details.count, 3)
    }

    func testMissingRequiredPropertyPointsAtTheSection() {
        let config = parseConfig(#"{"plugins": {"counter": {"start": 1}}}"#)
        XCTAssertEqual(failure(config!.validateSection(plugin: "counter", schemaText: counterSchema))?.description,
                       #"/etc/aip/config.json:1:25: plugins.counter: missing required property "step""#)
    }

    func testValuesFromTheEnvironmentNameTheirVariableInsteadOfAPosition() {
        let config = parseConfig(file, environment: ["AIP_PLUGINS__COUNTER__STEP": "fast"])
        XCTAssertEqual(failure(config!.validateSection(plugin: "counter", schemaText: counterSchema))?.description,
                       "/etc/aip/config.json: plugins.counter.step: expected integer, got string (set by environment variable AIP_PLUGINS__COUNTER__STEP)")
    }

    func testEnvironmentValuesInAListOmitTheirPosition() {
        let config = parseConfig(file, environment: ["AIP_PLUGINS__GREETER__TIMES": "-1"])
        let error = failure(config!.validateSection(plugin: "greeter", schemaText: greeterSchema))
        XCTAssertEqual(error?.details, [
            "plugins.greeter.greeting: expected string, got integer (line 4, column 19)",
            "plugins.greeter.style.colour: unknown property \"colour\" (known properties: color) (line 6, column 27)",
            "plugins.greeter.times: expected a value >= 1, got -1 (set by environment variable AIP_PLUGINS__GREETER__TIMES)",
        ])
    }

    func testSchemaThatIsNotJSON() {
        let error = failure(parseConfig(file)!.validateSection(plugin: "counter", schemaText: "{\"type\": }"))
        XCTAssertEqual(error?.description,
                       "/etc/aip/config.json: plugins.counter: plugin \"counter\" declares an invalid JSON Schema for its settings: schema of plugin \"counter\":1:10: unexpected '}', expected a JSON value")
    }

    func testSchemaWithAWrongKeyword() {
        let error = failure(parseConfig(file)!.validateSection(plugin: "counter", schemaText: #"{"minimum": "1"}"#))
        XCTAssertEqual(error?.description,
                       "/etc/aip/config.json: plugins.counter: plugin \"counter\" declares an invalid JSON Schema for its settings: invalid schema at #: \"minimum\" must be a number, got string")
    }

    func testPluginNameMatchingLikeSectionLookup() {
        let config = parseConfig(#"{"plugins": {"swift-greeter": {"greeting": 1}}}"#)
        let error = failure(config!.validateSection(plugin: "swift_greeter", schemaText: greeterSchema))
        XCTAssertEqual(error?.path, "plugins.swift-greeter.greeting")
    }
}
