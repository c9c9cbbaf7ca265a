import AIPConfig
import XCTest

final class HostConfigParsingTests: XCTestCase {
    private let example = """
    {
      "host": {
        "plugins_dirs": ["/opt/aip/plugins", "/home/ada/.aip/plugins"],
        "data_dir": "/var/lib/aip",
        "log_level": "warning",
        "disabled": ["legacy"]
      },
      "plugins": {
        "greeter": { "greeting": "Hello ${USER_NAME}" },
        "counter": { "step": 2 }
      }
    }
    """

    func testParsesTheDocumentedFormat() {
        let config = parseConfig(example, environment: ["USER_NAME": "Ada"])
        XCTAssertEqual(config?.host, HostSettings(pluginsDirs: ["/opt/aip/plugins", "/home/ada/.aip/plugins"],
                                                 dataDir: "/var/lib/aip", logLevel: "warning", disabled: ["legacy"]))
        XCTAssertEqual(config?.rawPlugins, ["greeter": ["greeting": "Hello Ada"], "counter": ["step": 2]])
        XCTAssertEqual(config?.section(for: "counter"), ["step": 2])
        XCTAssertEqual(config?.source, "/etc/aip/config.json")
    }

    func testEverythingIsOptional() {
        for text in ["{}", #"{"host": {}}"#, #"{"plugins": {}}"#, #"{"host": {"data_dir": null}}"#] {
            let config = parseConfig(text)
            XCTAssertEqual(config?.host, HostSettings(), text)
            XCTAssertEqual(config?.rawPlugins, [:], text)
        }
    }

    func testDefaultHostSettings() {
        let defaults = HostSettings()
        XCTAssertEqual(defaults.pluginsDirs, [])
        XCTAssertNil(defaults.dataDir)
        XCTAssertEqual(defaults.logLevel, "info")
        XCTAssertEqual(defaults.disabled, [])
        XCTAssertEqual(HostSettings.logLevels, ["trace", "debug", "info", "warning", "error"])
    }

    func testLogLevelIsCaseInsensitiveAndStoredLowercase() {
        XCTAssertEqual(parseConfig(#"{"host": {"log_level": "TRACE"}}"#)?.host.logLevel, "trace")
    }

    func testMissingSectionIsAnEmptyObject() {
        XCTAssertEqual(parseConfig(example, environment: ["USER_NAME": "x"])?.section(for: "absent"), .object([:]))
    }

    func testSectionLookupFallsBackToEnvironmentStyleMatching() {
        let config = parseConfig(#"{"plugins": {"swift-greeter": {"a": 1}, "exact_name": {"b": 2}, "exact-name": {"c": 3}}}"#)
        XCTAssertEqual(config?.section(for: "swift_greeter"), ["a": 1])
        XCTAssertEqual(config?.section(for: "SWIFT-GREETER"), ["a": 1])
        XCTAssertEqual(config?.section(for: "exact_name"), ["b": 2])
        XCTAssertEqual(config?.section(for: "EXACT_NAME"), .object([:]), "ambiguous names match nothing")
    }

    func testLocationsOfValues() {
        let config = parseConfig(example, environment: ["USER_NAME": "x"])
        XCTAssertEqual(config?.location(of: "plugins.counter.step"), SourceLocation(line: 10, column: 26))
        XCTAssertEqual(config?.location(of: "host.plugins_dirs[1]"), SourceLocation(line: 3, column: 42))
        XCTAssertNil(config?.location(of: "plugins.nothing"))
    }

    func testProgrammaticConfiguration() {
        var config = HostConfig(host: HostSettings(logLevel: "error"), rawPlugins: ["p": ["x": 1]])
        XCTAssertEqual(config.source, HostConfig.noFileSource)
        XCTAssertEqual(config.section(for: "p"), ["x": 1])
        config.source = "generated"
        XCTAssertEqual(config.source, "generated")
        guard case .failure(let error) = config.validateSection(plugin: "p", schemaText: #"{"required": ["y"]}"#) else {
            return XCTFail("expected a validation failure")
        }
        XCTAssertEqual(error.description, #"generated: plugins.p: missing required property "y""#)
    }
}
