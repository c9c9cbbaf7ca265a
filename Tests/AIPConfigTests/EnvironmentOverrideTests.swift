import AIPConfig
import XCTest

/// `AIP_HOST__*` and `AIP_PLUGINS__*` overrides. The environment is always passed explicitly.
final class EnvironmentOverrideTests: XCTestCase {
    private let file = """
    {
      "host": {"log_level": "info", "plugins_dirs": ["/opt/aip"]},
      "plugins": {
        "swift-greeter": {"greeting": "Hello", "maxRetries": 1},
        "counter": {"step": 2, "limits": {"max": 5}}
      }
    }
    """

    func testAddressesExistingPluginAndKeyIgnoringCaseAndDashes() {
        let config = parseConfig(file, environment: [
            "AIP_PLUGINS__SWIFT_GREETER__GREETING": "Hi there",
            "AIP_PLUGINS__SWIFT_GREETER__MAXRETRIES": "4",
        ])
        XCTAssertEqual(config?.section(for: "swift-greeter"), ["greeting": "Hi there", "maxRetries": 4])
    }

    func testCreatesMissingSectionsAndKeys() {
        let config = parseConfig(file, environment: [
            "AIP_PLUGINS__NEW_PLUGIN__SOME_KEY": "5",
            "AIP_PLUGINS__COUNTER__LABEL": "clicks",
        ])
        XCTAssertEqual(config?.rawPlugins["new-plugin"], ["some_key": 5])
        XCTAssertEqual(config?.section(for: "counter"), ["step": 2, "limits": ["max": 5], "label": "clicks"])
    }

    func testValuesAreJSONWhenTheyParseAndStringsOtherwise() {
        let environment = [
            "AIP_PLUGINS__P__INT": "42", "AIP_PLUGINS__P__DOUBLE": "2.5", "AIP_PLUGINS__P__FLAG": "true",
            "AIP_PLUGINS__P__NOTHING": "null", "AIP_PLUGINS__P__LIST": "[1, \"a\"]", "AIP_PLUGINS__P__MAP": "{\"k\": {}}",
            "AIP_PLUGINS__P__QUOTED": "\"007\"", "AIP_PLUGINS__P__WORD": "hello world", "AIP_PLUGINS__P__ZERO_PADDED": "007",
            "AIP_PLUGINS__P__EMPTY": "", "AIP_PLUGINS__P__TEMPLATE": "${HOME}",
        ]
        XCTAssertEqual(parseConfig("{}", environment: environment)?.section(for: "p"), [
            "int": 42, "double": 2.5, "flag": true, "nothing": nil, "list": [1, "a"], "map": ["k": [:]],
            "quoted": "007", "word": "hello world", "zero_padded": "007", "empty": "", "template": "${HOME}",
        ])
    }

    func testSubkeysMergeIntoExistingObjectsOrCreateThem() {
        let config = parseConfig(file, environment: [
            "AIP_PLUGINS__COUNTER__LIMITS__MIN": "1",
            "AIP_PLUGINS__COUNTER__DISPLAY__COLOR__DARK": "\"#000\"",
        ])
        XCTAssertEqual(config?.section(for: "counter"), [
            "step": 2, "limits": ["max": 5, "min": 1], "display": ["color": ["dark": "#000"]],
        ])
    }

    func testVariablesApplyInNameOrder() {
        let config = parseConfig("{}", environment: [
            "AIP_PLUGINS__P__A__C": "2",
            "AIP_PLUGINS__P__A": "{\"b\": 1}",
        ])
        XCTAssertEqual(config?.section(for: "p"), ["a": ["b": 1, "c": 2]])
    }

    func testCannotDescendIntoANonObject() {
        XCTAssertEqual(configFailure(file, environment: ["AIP_PLUGINS__COUNTER__STEP__X": "1"])?.description,
                       "/etc/aip/config.json:5:25: plugins.counter.step: cannot apply environment variable AIP_PLUGINS__COUNTER__STEP__X: this value is integer, not an object")
    }

    func testOverridesApplyAfterSubstitution() {
        let text = #"{"plugins": {"p": {"a": "${X}", "b": "${X}"}}}"#
        let config = parseConfig(text, environment: ["X": "file", "AIP_PLUGINS__P__B": "${X}"])
        XCTAssertEqual(config?.section(for: "p"), ["a": "file", "b": "${X}"])
    }

    func testOverriddenValuesLoseTheirFileLocation() {
        let config = parseConfig(file, environment: ["AIP_PLUGINS__COUNTER__LIMITS": "{\"max\": 9}"])
        XCTAssertNil(config?.location(of: "plugins.counter.limits"))
        XCTAssertNil(config?.location(of: "plugins.counter.limits.max"))
        XCTAssertEqual(config?.location(of: "plugins.counter.step"), SourceLocation(line: 5, column: 25))
    }

    func testHostOverrides() {
        let config = parseConfig(file, environment: [
            "AIP_HOST__LOG_LEVEL": "DEBUG",
            "AIP_HOST__DATA_DIR": "/srv/aip",
            "AIP_HOST__PLUGINS_DIRS": "/a:/b::/c",
            "AIP_HOST__DISABLED": "counter, swift-greeter",
        ])
        XCTAssertEqual(config?.host, HostSettings(pluginsDirs: ["/a", "/b", "/c"], dataDir: "/srv/aip", logLevel: "debug",
                                                 disabled: ["counter", "swift-greeter"]))
    }

    func testHostListsAcceptJSONArraysAndStringsStayStrings() {
        let config = parseConfig("{}", environment: [
            "AIP_HOST__PLUGINS_DIRS": "[\"/with:colon\"]",
            "AIP_HOST__DATA_DIR": "123",
        ])
        XCTAssertEqual(config?.host.pluginsDirs, ["/with:colon"])
        XCTAssertEqual(config?.host.dataDir, "123")
    }

    func testInvalidHostOverrideIsAttributedToTheVariable() {
        XCTAssertEqual(configFailure(file, environment: ["AIP_HOST__LOG_LEVEL": "verbose"])?.description,
                       "/etc/aip/config.json: host.log_level: expected one of trace, debug, info, warning, error, got \"verbose\" (set by environment variable AIP_HOST__LOG_LEVEL)")
    }

    func testMalformedVariables() {
        XCTAssertEqual(configFailure("{}", environment: ["AIP_HOST__COLOR": "red"])?.description,
                       "/etc/aip/config.json: environment variable AIP_HOST__COLOR names unknown host setting \"color\" (known settings: daemon, data_dir, disabled, log_level, plugins_dirs)")
        XCTAssertEqual(configFailure("{}", environment: ["AIP_HOST__LOG_LEVEL__X": "1"])?.message,
                       "environment variable AIP_HOST__LOG_LEVEL__X must name exactly one host setting, e.g. AIP_HOST__LOG_LEVEL")
        XCTAssertEqual(configFailure("{}", environment: ["AIP_PLUGINS__GREETER": "1"])?.message,
                       "environment variable AIP_PLUGINS__GREETER must name a plugin and a setting: AIP_PLUGINS__<PLUGIN>__<KEY>[__<SUBKEY>...]")
        XCTAssertEqual(configFailure("{}", environment: ["AIP_PLUGINS__GREETER____KEY": "1"])?.message,
                       "environment variable AIP_PLUGINS__GREETER____KEY must name a plugin and a setting: AIP_PLUGINS__<PLUGIN>__<KEY>[__<SUBKEY>...]")
    }

    func testAmbiguousPluginName() {
        let text = #"{"plugins": {"a-b": {}, "a_b": {}}}"#
        XCTAssertEqual(configFailure(text, environment: ["AIP_PLUGINS__A_B__K": "1"])?.message,
                       "environment variable AIP_PLUGINS__A_B__K is ambiguous: A_B matches \"a-b\" and \"a_b\"")
    }

    func testUnrelatedVariablesAreIgnored() {
        let config = parseConfig(file, environment: ["PATH": "/bin", "AIP_OTHER": "x", "aip_host__log_level": "debug"])
        XCTAssertEqual(config?.host.logLevel, "info")
    }
}
