import AIPConfig
import Foundation
import XCTest

/// The `aip` executable end to end: a private AIP_HOME with the two example plugins installed.
final class CLITests: XCTestCase {
    private struct Home {
        let directory: TemporaryDirectory
        var path: String { directory.path }
        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["AIP_HOME"] = directory.path
            environment.removeValue(forKey: "AIP_PLUGINS_DIR")
            environment.removeValue(forKey: "AIP_CONFIG")
            return environment
        }
    }

    private func installedHome(config: String? = nil) throws -> Home {
        let home = Home(directory: try TemporaryDirectory())
        for (name, file) in [("greeter", try Fixtures.greeterPlugin()), ("counter", try Fixtures.counterPlugin())] {
            let directory = home.path + "/plugins/\(name)/1.0.0"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: file, toPath: directory + "/lib\(name).so")
        }
        if let config { try Data(config.utf8).write(to: URL(fileURLWithPath: home.path + "/config.json")) }
        return home
    }

    private func aip(_ arguments: [String], home: Home, input: String? = nil) throws -> ProcessResult {
        try runProcess(try Fixtures.aipExecutable(), arguments, environment: home.environment, input: input)
    }

    func testPluginsListHumanAndJSON() throws {
        let home = try installedHome()
        let human = try aip(["plugins", "list"], home: home)
        XCTAssertEqual(human.status, 0, human.errorOutput)
        XCTAssertTrue(human.output.contains("greeter"), human.output)
        XCTAssertTrue(human.output.contains("counter"), human.output)
        let json = try aip(["plugins", "list", "--json"], home: home)
        let entries = try XCTUnwrap(try JSONParser.parse(json.output).arrayValue)
        XCTAssertEqual(entries.compactMap { $0["plugin"]?["name"]?.stringValue }.sorted(), ["counter", "greeter"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.path + "/cache/plugins.json"))
    }

    func testPluginsInfo() throws {
        let home = try installedHome()
        let info = try aip(["plugins", "info", "greeter"], home: home)
        XCTAssertEqual(info.status, 0, info.errorOutput)
        XCTAssertTrue(info.output.contains("greeter 1.0.0 (swift, thread-safe)"), info.output)
        XCTAssertTrue(info.output.contains("greeter.greet@1.0.0"), info.output)
        let missing = try aip(["plugins", "info", "nobody"], home: home)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errorOutput.contains("no plugin named nobody"), missing.errorOutput)
    }

    func testCallSwiftAndCPluginsInAllInputForms() throws {
        let home = try installedHome(config: #"{"plugins": {"greeter": {"greeting": "Hi"}}}"#)
        let greet = try aip(["call", "greeter.greet", #"{"name":"Ada"}"#], home: home)
        XCTAssertEqual(greet.status, 0, greet.errorOutput)
        XCTAssertEqual(greet.output, #"{"message":"Hi, Ada!"}"# + "\n")
        let fromStdin = try aip(["call", "counter.increment", "-"], home: home, input: #"{"by": 4}"#)
        XCTAssertEqual(fromStdin.output, #"{"value":4}"# + "\n", fromStdin.errorOutput)
        let file = home.path + "/input.json"
        try Data(#"{"name":"Lin"}"#.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try aip(["call", "greeter.greet", "@" + file], home: home).output, #"{"message":"Hi, Lin!"}"# + "\n")
        let native = try aip(["call", "counter.add", "[2, 3]"], home: home)
        XCTAssertEqual(native.output, "5\n", native.errorOutput)
        let wrapped = try aip(["call", "greeter.greet", #"{"name":"Ada"}"#, "--json"], home: home)
        XCTAssertEqual(try JSONParser.parse(wrapped.output)["body"]?["message"], .string("Hi, Ada!"))
    }

    func testCallErrorsHaveDocumentedExitCodes() throws {
        let home = try installedHome()
        let unknown = try aip(["call", "nope.nothing"], home: home)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.errorOutput.contains("unknown capability nope.nothing"), unknown.errorOutput)
        let malformed = try aip(["call", "greeter.greet", "{bad"], home: home)
        XCTAssertEqual(malformed.status, 1)
        XCTAssertTrue(malformed.errorOutput.contains("invalid_argument"), malformed.errorOutput)
    }

    func testCallLoadsOnlyWhatTheCapabilityNeeds() throws {
        // fx-needy requires a capability nobody provides: calling the greeter neither loads nor
        // reports it; calling fx-needy's own capability says why it cannot run.
        let home = try installedHome()
        let directory = home.path + "/plugins/fx-needy/1.0.0"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try Fixtures.plugin("missing_requirement"), toPath: directory + "/libneedy.so")
        let greet = try aip(["call", "greeter.greet", #"{"name":"Ada"}"#], home: home)
        XCTAssertEqual(greet.status, 0, greet.errorOutput)
        XCTAssertFalse(greet.errorOutput.contains("fx-needy"), greet.errorOutput)
        let needy = try aip(["call", "fx.needy"], home: home)
        XCTAssertNotEqual(needy.status, 0)
        XCTAssertTrue(needy.errorOutput.contains("requires capability nobody.provides.this"), needy.errorOutput)
    }

    func testPluginsLoadReportsRefusals() throws {
        let home = try installedHome()
        let result = try aip(["plugins", "load", try Fixtures.plugin("good_provider"), try Fixtures.plugin("abi_major"), "--json"], home: home)
        XCTAssertEqual(result.status, 1)
        let reports = try XCTUnwrap(try JSONParser.parse(result.output).arrayValue)
        XCTAssertEqual(reports.map { $0["state"]?.stringValue }, ["running", "refused"])
        XCTAssertTrue(reports[1]["reason"]?.stringValue?.contains("ABI 2.") ?? false)
    }

    func testEventsTailSeesEventsFromACall() throws {
        let home = try installedHome()
        let result = try aip(["events", "tail", "greeter.#", "--count", "1", "--timeout", "20",
                              "--call", #"greeter.greet={"name":"Ada"}"#], home: home)
        XCTAssertEqual(result.status, 0, result.errorOutput)
        XCTAssertTrue(result.output.contains("greeter.greeted from greeter"), result.output)
        XCTAssertTrue(result.output.contains("Ada"), result.output)
    }

    func testConfigCheckReportsLineColumnAndSchemaErrors() throws {
        let home = try installedHome()
        let broken = home.path + "/broken.json"
        try Data("{\n  \"plugins\": {\n    \"greeter\": {\"greeting\": 5,}\n  }\n}\n".utf8).write(to: URL(fileURLWithPath: broken))
        let syntax = try aip(["config", "check", broken], home: home)
        XCTAssertEqual(syntax.status, 1)
        XCTAssertTrue(syntax.output.contains("broken.json:3:"), syntax.output)

        let invalid = home.path + "/invalid.json"
        try Data("{\n  \"plugins\": {\n    \"greeter\": {\"greeting\": 5}\n  }\n}\n".utf8).write(to: URL(fileURLWithPath: invalid))
        let schema = try aip(["config", "check", invalid, "--json"], home: home)
        XCTAssertEqual(schema.status, 1)
        let report = try JSONParser.parse(schema.output)
        XCTAssertEqual(report["valid"], .bool(false))
        let message = try XCTUnwrap(report["errors"]?.arrayValue?.first?.stringValue)
        XCTAssertTrue(message.contains("invalid.json:3:29"), message)
        XCTAssertTrue(message.contains("plugins.greeter.greeting"), message)

        let good = home.path + "/good.json"
        try Data(#"{"plugins": {"greeter": {"greeting": "Yo"}, "ghost": {}}}"#.utf8).write(to: URL(fileURLWithPath: good))
        let ok = try aip(["config", "check", good], home: home)
        XCTAssertEqual(ok.status, 0, ok.output)
        XCTAssertTrue(ok.output.contains("no installed plugin is named ghost"), ok.output)
    }
}
