import AIPHost
import Foundation
import XCTest

/// Every refusal the loader promises, each with a real offending file, checking that the message
/// names the file and the reason and that the host keeps serving the plugins that did load.
final class RefusalTests: XCTestCase {
    /// Loads a good provider alongside `paths`, starts everything and returns the refusals.
    private func loadBesideGoodProvider(_ paths: [String], config: String? = nil, in directory: TemporaryDirectory) throws -> (PluginHost, [PluginRefusal]) {
        let host = try makeHost(config: config, directory: directory)
        host.load(try Fixtures.plugin("good_provider"))
        for path in paths { host.load(path) }
        host.startAll()
        addTeardownBlock { host.stopAll() }
        return (host, host.refusals)
    }

    private func assertProviderStillServes(_ host: PluginHost, file: StaticString = #filePath, line: UInt = #line) {
        let reply = call(host, "fx.echo", #"{"still":"up"}"#)
        XCTAssertTrue(reply.ok, "good provider stopped serving: \(reply.text)", file: file, line: line)
        XCTAssertEqual(reply.text, #"{"still":"up"}"#, file: file, line: line)
    }

    private func single(_ refusals: [PluginRefusal], file: StaticString = #filePath, line: UInt = #line) throws -> PluginRefusal {
        XCTAssertEqual(refusals.count, 1, "refusals: \(refusals)", file: file, line: line)
        return try XCTUnwrap(refusals.first, file: file, line: line)
    }

    func testNotAnELFFileIsRefusedByName() throws {
        let directory = try TemporaryDirectory()
        let junk = directory.path + "/libjunk.so"
        try Data("this is not a shared library\n".utf8).write(to: URL(fileURLWithPath: junk))
        let (host, refusals) = try loadBesideGoodProvider([junk], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.path, junk)
        XCTAssertEqual(refusal.stage, .file)
        XCTAssertTrue(refusal.description.contains(junk))
        XCTAssertTrue(refusal.reason.contains("is not an ELF shared library"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testEmptyFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        let empty = directory.path + "/libempty.so"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let (host, refusals) = try loadBesideGoodProvider([empty], in: directory)
        XCTAssertTrue(try single(refusals).reason.contains("empty file"))
        assertProviderStillServes(host)
    }

    func testLibraryForAnotherArchitectureIsRefused() throws {
        let directory = try TemporaryDirectory()
        let foreign = try Fixtures.copy(try Fixtures.plugin("good_consumer"), to: "libforeign.so", in: directory.path)
        // e_machine lives at byte 18 of the ELF header: make it aarch64 (183).
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: foreign))
        try handle.seek(toOffset: 18)
        handle.write(Data([183, 0]))
        try handle.close()
        let (host, refusals) = try loadBesideGoodProvider([foreign], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.path, foreign)
        XCTAssertTrue(refusal.reason.contains("built for aarch64"), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("this host is x86_64"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testMissingFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([directory.path + "/libnothing.so"], in: directory)
        XCTAssertTrue(try single(refusals).reason.contains("No such file"), "\(refusals)")
        assertProviderStillServes(host)
    }

    func testMissingEntrySymbolIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try Fixtures.plugin("no_entry")
        let (host, refusals) = try loadBesideGoodProvider([path], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .symbol)
        XCTAssertEqual(refusal.path, path)
        XCTAssertTrue(refusal.reason.contains("no exported symbol aip_plugin_entry"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testABIMajorMismatchIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("abi_major")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .abi)
        XCTAssertTrue(refusal.reason.contains("built for plugin ABI 2."), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("cannot load another major version"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testNewerABIMinorIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("abi_minor")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .abi)
        XCTAssertTrue(refusal.reason.contains("needs plugin ABI 1.99"), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("upgrade the host"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testTooSmallDescriptorIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("small_struct")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .descriptor)
        XCTAssertTrue(refusal.reason.contains("struct_size is 24 bytes"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testSwiftPluginFromAnotherToolchainIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("swift_mismatch")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .toolchain)
        XCTAssertEqual(refusal.plugin, "fx-swift-old")
        XCTAssertTrue(refusal.reason.contains("built with Swift 5.9.0"), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("rebuild the plugin"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testNonSemverVersionIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("wrong_version")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.plugin, "fx-bad-version")
        XCTAssertTrue(refusal.reason.contains("'1.2' is not a semantic version"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testDuplicatePluginNameIsRefused() throws {
        let directory = try TemporaryDirectory()
        let duplicate = try Fixtures.plugin("duplicate_name")
        let (host, refusals) = try loadBesideGoodProvider([duplicate], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .duplicate)
        XCTAssertEqual(refusal.path, duplicate)
        XCTAssertTrue(refusal.reason.contains("a plugin named fx-provider is already loaded from"), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("libgood_provider.so"), refusal.reason)
        XCTAssertEqual(call(host, "fx.dup").statusName, "not_found")
        assertProviderStillServes(host)
    }

    func testRequiredCapabilityNobodyProvidesIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("missing_requirement")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .dependency)
        XCTAssertEqual(refusal.plugin, "fx-needy")
        XCTAssertTrue(refusal.reason.contains("requires capability nobody.provides.this ^1.0, which no loaded plugin provides"), refusal.reason)
        XCTAssertEqual(host.plugins().first { $0.name == "fx-needy" }?.state, "failed")
        assertProviderStillServes(host)
    }

    func testDependencyCycleIsRefusedNamingTheCycle() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("cycle_a"), try Fixtures.plugin("cycle_b")], in: directory)
        XCTAssertEqual(refusals.count, 2, "\(refusals)")
        for refusal in refusals {
            XCTAssertEqual(refusal.stage, .dependency)
            XCTAssertTrue(refusal.reason.contains("dependency cycle: fx-cycle-a requires cycle.b from fx-cycle-b → fx-cycle-b requires cycle.a from fx-cycle-a"), refusal.reason)
        }
        assertProviderStillServes(host)
    }

    func testInitErrorIsRefusedWithThePluginsMessage() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("init_fails")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .initialise)
        XCTAssertEqual(refusal.reason, "init failed (internal): database file is locked")
        assertProviderStillServes(host)
    }

    func testMalformedConfigSectionIsRefusedWithLineAndColumn() throws {
        let directory = try TemporaryDirectory()
        let config = """
        {
          "plugins": {
            "fx-configured": { "threshold": "high" }
          }
        }
        """
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("config_required")], config: config, in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .config)
        XCTAssertTrue(refusal.reason.contains("config.json:3:37"), refusal.reason)
        XCTAssertTrue(refusal.reason.contains("plugins.fx-configured.threshold"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testMissingRequiredConfigIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("config_required")], in: directory)
        let refusal = try single(refusals)
        XCTAssertEqual(refusal.stage, .config)
        XCTAssertTrue(refusal.reason.contains("threshold"), refusal.reason)
        assertProviderStillServes(host)
    }

    func testValidConfigReachesThePlugin() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("config_required")],
                                                          config: #"{"plugins": {"fx-configured": {"threshold": 7}}}"#, in: directory)
        XCTAssertEqual(refusals, [])
        XCTAssertEqual(try object(call(host, "fx.threshold"))["threshold"], .int(7))
    }

    func testCallToUnknownCapabilityIsNotFound() throws {
        let directory = try TemporaryDirectory()
        let (host, _) = try loadBesideGoodProvider([], in: directory)
        let reply = call(host, "no.such.capability")
        XCTAssertEqual(reply.statusName, "not_found")
        XCTAssertTrue(reply.text.contains("unknown capability no.such.capability"), reply.text)
        assertProviderStillServes(host)
    }

    func testMalformedPayloadGetsInvalidArgumentFromCAndSwift() throws {
        let directory = try TemporaryDirectory()
        let (host, _) = try loadBesideGoodProvider([try Fixtures.greeterPlugin()], in: directory)
        let fromC = call(host, "fx.parse", #"{"unterminated": "#)
        XCTAssertEqual(fromC.statusName, "invalid_argument")
        XCTAssertTrue(fromC.text.contains("malformed JSON payload for fx.parse"), fromC.text)
        let fromSwift = call(host, "greeter.greet", #"{"name": 42"#)
        XCTAssertEqual(fromSwift.statusName, "invalid_argument")
        XCTAssertTrue(fromSwift.text.contains("malformed payload for greeter.greet"), fromSwift.text)
        let wrongField = call(host, "greeter.greet", #"{"nom": "Ada"}"#)
        XCTAssertEqual(wrongField.statusName, "invalid_argument")
        XCTAssertTrue(wrongField.text.contains("missing field 'name'"), wrongField.text)
        assertProviderStillServes(host)
    }

    func testUndeclaredCallIsPermissionDenied() throws {
        let directory = try TemporaryDirectory()
        let (host, refusals) = try loadBesideGoodProvider([try Fixtures.plugin("good_consumer")], in: directory)
        XCTAssertEqual(refusals, [])
        XCTAssertEqual(try object(call(host, "fx.sneak"))["status"], .int(3))
    }

    func testRefusedFilesNeverStopLaterLoads() throws {
        let directory = try TemporaryDirectory()
        let bad = ["abi_major", "abi_minor", "small_struct", "no_entry", "swift_mismatch", "init_fails", "missing_requirement"]
        let (host, refusals) = try loadBesideGoodProvider(try bad.map(Fixtures.plugin) + [try Fixtures.plugin("good_consumer")], in: directory)
        XCTAssertEqual(refusals.count, bad.count, "\(refusals)")
        XCTAssertEqual(try object(call(host, "fx.relay", #"{"via":"consumer"}"#)), .object(["via": .string("consumer")]))
    }
}
