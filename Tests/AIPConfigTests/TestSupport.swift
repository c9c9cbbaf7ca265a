import AIPConfig
import Foundation
import XCTest

/// Parses `text`, failing the test on error.
func parseJSON(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
    do {
        return try JSONParser.parse(text, source: "test.json")
    } catch {
        XCTFail("unexpected parse error: \(error)", file: file, line: line)
        return .null
    }
}

/// The error parsing `text` as "test.json" produces, failing the test if it parses.
func parseFailure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONParseError? {
    do {
        let value = try JSONParser.parse(text, source: "test.json")
        XCTFail("expected a parse error, got \(value)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Compiles schema JSON text, failing the test if it is rejected.
func compileSchema(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONSchema {
    do {
        return try JSONSchema(parseJSON(text, file: file, line: line))
    } catch {
        XCTFail("unexpected schema error: \(error)", file: file, line: line)
        return try! JSONSchema(.bool(true))
    }
}

/// The error compiling schema JSON text produces, failing the test if it compiles.
func schemaFailure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONSchemaError? {
    do {
        _ = try JSONSchema(parseJSON(text, file: file, line: line))
        XCTFail("expected the schema to be rejected", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The messages of validating `instance` (JSON text) against `schema`.
func violationMessages(_ schema: JSONSchema, _ instance: String,
                       file: StaticString = #filePath, line: UInt = #line) -> [String] {
    schema.validate(parseJSON(instance, file: file, line: line)).map(\.description)
}

/// Parses a configuration, failing the test on error.
func parseConfig(_ text: String, environment: [String: String] = [:],
                 file: StaticString = #filePath, line: UInt = #line) -> HostConfig? {
    do {
        return try HostConfig.parse(text: text, source: "/etc/aip/config.json", environment: environment)
    } catch {
        XCTFail("unexpected config error: \(error)", file: file, line: line)
        return nil
    }
}

/// The error a configuration produces, failing the test if it is accepted.
func configFailure(_ text: String, environment: [String: String] = [:],
                   file: StaticString = #filePath, line: UInt = #line) -> ConfigError? {
    do {
        _ = try HostConfig.parse(text: text, source: "/etc/aip/config.json", environment: environment)
        XCTFail("expected a config error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// A fresh directory for one test, removed when the test ends, so tests can run in parallel.
func makeTemporaryDirectory(for testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("AIPConfigTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock {
        try? FileManager.default.removeItem(at: directory)
    }
    return directory
}
