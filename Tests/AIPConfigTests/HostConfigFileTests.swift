import AIPConfig
import Foundation
import XCTest

/// Loading from disk; each test works in its own temporary directory.
final class HostConfigFileTests: XCTestCase {
    private func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func loadFailure(path: String?, environment: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try HostConfig.load(path: path, environment: environment)
            XCTFail("expected a config error")
            return nil
        } catch {
            return error
        }
    }

    func testLoadsAFile() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = try write("""
        {
          "host": {"log_level": "error", "plugins_dirs": ["${ROOT}/plugins"]},
          "plugins": {"greeter": {"greeting": "hi"}}
        }
        """, to: "config.json", in: directory)
        let config = try HostConfig.load(path: path, environment: ["ROOT": directory.path])
        XCTAssertEqual(config.source, path)
        XCTAssertEqual(config.host.logLevel, "error")
        XCTAssertEqual(config.host.pluginsDirs, [directory.path + "/plugins"])
        XCTAssertEqual(config.section(for: "greeter"), ["greeting": "hi"])
    }

    func testNoPathMeansDefaultsPlusEnvironment() throws {
        let config = try HostConfig.load(path: nil, environment: [
            "AIP_HOST__LOG_LEVEL": "trace", "AIP_PLUGINS__GREETER__GREETING": "hey",
        ])
        XCTAssertEqual(config.source, "<no config file>")
        XCTAssertEqual(config.host, HostSettings(logLevel: "trace"))
        XCTAssertEqual(config.section(for: "greeter"), ["greeting": "hey"])
    }

    func testErrorsFromTheEnvironmentWithoutAFile() {
        XCTAssertEqual(loadFailure(path: nil, environment: ["AIP_HOST__LOG_LEVEL": "x"])?.description,
                       "<no config file>: host.log_level: expected one of trace, debug, info, warning, error, got \"x\" (set by environment variable AIP_HOST__LOG_LEVEL)")
    }

    func testExplicitMissingFileIsAnError() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory.appendingPathComponent("missing.json").path
        XCTAssertEqual(loadFailure(path: path)?.description, "\(path): config file not found")
    }

    func testDirectoryIsAnError() throws {
        let directory = try makeTemporaryDirectory(for: self)
        XCTAssertEqual(loadFailure(path: directory.path)?.description, "\(directory.path): is a directory, expected a config file")
    }

    func testInvalidUTF8IsAnError() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let url = directory.appendingPathComponent("latin1.json")
        try Data([0x7B, 0x22, 0xE9, 0x22, 0x3A, 0x31, 0x7D]).write(to: url)
        XCTAssertEqual(loadFailure(path: url.path)?.description, "\(url.path): config file is not valid UTF-8")
    }

    func testErrorsInTheFileNameItsPath() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = try write("{\n  \"host\": {\"log_level\": \"info\",}\n}", to: "broken.json", in: directory)
        XCTAssertEqual(loadFailure(path: path)?.description, "\(path):2:31: trailing comma before '}' is not allowed")
    }
}
