import AIPConfig
import XCTest

/// Every configuration error names the file and, where it can, the line, column and path.
final class HostConfigErrorTests: XCTestCase {
    func testSyntaxErrorsKeepTheirPosition() {
        let error = configFailure("{\n  \"host\": {,}\n}")
        XCTAssertEqual(error?.description, "/etc/aip/config.json:2:12: expected a string key for an object member, found ','")
        XCTAssertNil(error?.path)
        XCTAssertEqual(error?.location, SourceLocation(line: 2, column: 12))
    }

    func testRootMustBeAnObject() {
        XCTAssertEqual(configFailure("\n  [1]")?.description,
                       "/etc/aip/config.json:2:3: the configuration must be a JSON object, got array")
    }

    func testUnknownTopLevelKey() {
        XCTAssertEqual(configFailure("{\n  \"plugin\": {}\n}")?.description,
                       "/etc/aip/config.json:2:13: plugin: unknown top-level key \"plugin\" (expected \"host\", \"plugins\" or \"marketplaces\")")
    }

    func testUnknownHostSetting() {
        XCTAssertEqual(configFailure("{\"host\": {\n  \"loglevel\": \"info\"}}")?.description,
                       "/etc/aip/config.json:2:15: host.loglevel: unknown host setting \"loglevel\" (known settings: daemon, data_dir, disabled, log_level, plugins_dirs)")
    }

    func testSectionsMustBeObjects() {
        XCTAssertEqual(configFailure(#"{"host": []}"#)?.description, "/etc/aip/config.json:1:10: host: expected object, got array")
        XCTAssertEqual(configFailure(#"{"plugins": "none"}"#)?.description,
                       "/etc/aip/config.json:1:13: plugins: expected object, got string")
        XCTAssertEqual(configFailure(#"{"plugins": {"greeter": true}}"#)?.description,
                       "/etc/aip/config.json:1:25: plugins.greeter: a plugin section must be an object, got boolean")
    }

    func testHostSettingTypes() {
        XCTAssertEqual(configFailure(#"{"host": {"log_level": "loud"}}"#)?.description,
                       "/etc/aip/config.json:1:24: host.log_level: expected one of trace, debug, info, warning, error, got \"loud\"")
        XCTAssertEqual(configFailure(#"{"host": {"log_level": 3}}"#)?.description,
                       "/etc/aip/config.json:1:24: host.log_level: expected string, got integer")
        XCTAssertEqual(configFailure(#"{"host": {"plugins_dirs": "/opt"}}"#)?.description,
                       "/etc/aip/config.json:1:27: host.plugins_dirs: expected an array of strings, got string")
        XCTAssertEqual(configFailure(#"{"host": {"disabled": ["a", 2]}}"#)?.description,
                       "/etc/aip/config.json:1:29: host.disabled[1]: expected string, got integer")
        XCTAssertEqual(configFailure(#"{"host": {"data_dir": ""}}"#)?.description,
                       "/etc/aip/config.json:1:23: host.data_dir: must not be empty")
    }

    func testErrorPartsAndDescriptionWithoutLocation() {
        let error = ConfigError(source: "cfg.json", path: "plugins.a", message: "broken", details: ["one", "two"])
        XCTAssertEqual(error.description, "cfg.json: plugins.a: broken\n  one\n  two")
        XCTAssertEqual(ConfigError(source: "cfg.json", message: "bad").description, "cfg.json: bad")
        XCTAssertEqual(ConfigError(source: "c", location: SourceLocation(line: 1, column: 2), path: "", message: "m").description,
                       "c:1:2: m")
    }
}
