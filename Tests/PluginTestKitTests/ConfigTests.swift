import PluginTestKit
import XCTest

/// The configuration a test gives goes through the host's own parsing and the plugin's schema.
/// kit-probe's schema: {"mode": string (default "normal"), "level": integer}, nothing else.
final class ConfigTests: XCTestCase {
    struct ProbeConfig: Codable, Equatable { var mode: String?; var level: Int? }

    func testAnEncodableSectionReachesThePluginWithSchemaDefaultsFilledIn() throws {
        let host = try PluginTestHost(config: ["kit-probe": ProbeConfig(level: 3)])
        try host.load(TestPlugins.probe())
        XCTAssertEqual(try host.call("probe.config", as: ProbeConfig.self), ProbeConfig(mode: "normal", level: 3))
    }

    func testASectionMayBeGivenAsJSONText() throws {
        let host = try PluginTestHost(config: ["kit-probe": #"{"mode": "fast"}"#])
        try host.load(TestPlugins.probe())
        XCTAssertEqual(try host.call("probe.config", as: ProbeConfig.self), ProbeConfig(mode: "fast"))
    }

    func testAWholeConfigFileGetsEnvironmentSubstitutionAndOverrides() throws {
        let host = try PluginTestHost(configJSON: #"{"plugins": {"kit-probe": {"mode": "${PROBE_MODE}"}}}"#,
                                      environment: ["PROBE_MODE": "from-env", "AIP_PLUGINS__KIT_PROBE__LEVEL": "7"])
        try host.load(TestPlugins.probe())
        XCTAssertEqual(try host.call("probe.config", as: ProbeConfig.self), ProbeConfig(mode: "from-env", level: 7))
    }

    func testAConfigViolatingThePluginsSchemaIsRefusedWithTheHostsReason() throws {
        let host = try PluginTestHost(config: ["kit-probe": #"{"level": "high", "colour": "red"}"#])
        let probe = try TestPlugins.probe()
        XCTAssertThrowsError(try host.load(probe)) { error in
            guard case .refused(let plugin, let stage, let reason) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertEqual(plugin, "kit-probe")
            XCTAssertEqual(stage, "config")
            XCTAssertTrue(reason.contains("plugins.kit-probe.level"), reason)
            XCTAssertTrue(reason.contains("colour"), reason)
        }
    }

    func testConfigTextThatIsNotJSONIsAnInvalidSetup() throws {
        XCTAssertThrowsError(try PluginTestHost(configJSON: #"{"plugins": "#)) { error in
            guard case .invalidSetup(let message) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("test configuration"), message)
        }
    }

    func testEachPluginWritesIntoItsOwnTemporaryDataDirectory() throws {
        struct Write: Encodable { let file: String; let text: String }
        struct Written: Decodable { let path: String }
        let host = try PluginTestHost()
        let seeded = try host.dataDirectory(for: "kit-probe")
        XCTAssertTrue(FileManager.default.fileExists(atPath: seeded), "created before the plugin loads, to seed files")
        let probe = try host.load(TestPlugins.probe())
        XCTAssertEqual(probe.dataDirectory, seeded)
        XCTAssertTrue(probe.dataDirectory.hasPrefix(host.directory + "/"), probe.dataDirectory)

        let written = try host.call("probe.write", Write(file: "state.txt", text: "kept"), as: Written.self)
        XCTAssertEqual(written.path, probe.dataDirectory + "/state.txt")
        XCTAssertEqual(try String(contentsOfFile: written.path, encoding: .utf8), "kept")
    }
}
