import AIPConfig
import Foundation
import XCTest

/// The operator's path through the real `aip` binary: publish signed archives, serve them with
/// `python3 -m http.server` on 127.0.0.1, add the marketplace, install, upgrade, roll back — and
/// ask the host which library it really loads after each step.
final class MarketEndToEndTests: XCTestCase {
    private func world(_ build: (MarketWorld) throws -> Void) throws -> MarketWorld {
        let world = try MarketWorld()
        try build(world)
        try world.publish()
        try world.serve()
        try world.addMarketplace()
        return world
    }

    /// alpha requires beta's capability; beta has two versions.
    private func standardWorld() throws -> MarketWorld {
        try world { world in
            try MarketFixtures.archive(name: "beta", version: "1.0.0", in: world.published)
            try MarketFixtures.archive(name: "beta", version: "1.1.0", in: world.published)
            try MarketFixtures.archive(name: "alpha", version: "1.0.0", requires: .init(capability: "beta.version", range: "^1.0"),
                                       in: world.published)
        }
    }

    func testInstallResolvesDependenciesAndTheHostLoadsThem() throws {
        let world = try standardWorld()
        let install = try world.aip(["market", "install", "alpha"])
        XCTAssertEqual(install.status, 0, install.errorOutput)
        XCTAssertTrue(install.output.contains("+ beta 1.1.0"), install.output)
        XCTAssertTrue(install.output.contains("+ alpha 1.0.0"), install.output)
        XCTAssertEqual(try world.loadedVersion(of: "alpha"), "1.0.0")
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.1.0")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: world.home + "/plugins/beta/current")
        XCTAssertEqual(link, "1.1.0")

        let list = try world.aip(["market", "list", "--json"])
        let rows = try JSONParser.parse(list.output).arrayValue ?? []
        XCTAssertEqual(rows.compactMap { $0["name"]?.stringValue }, ["alpha", "beta"])
        XCTAssertEqual(rows.last?["explicit"], .bool(false), "beta came in as a dependency")

        let verify = try world.aip(["market", "verify"])
        XCTAssertEqual(verify.status, 0, verify.output + verify.errorOutput)
    }

    func testUpgradeThenRollbackRestoresTheExactPreviousFiles() throws {
        let world = try standardWorld()
        XCTAssertEqual(try world.aip(["market", "install", "beta@~1.0.0"]).status, 0)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0")
        let before = try world.fingerprint("beta", "1.0.0")

        let upgrade = try world.aip(["market", "upgrade"])
        XCTAssertEqual(upgrade.status, 0, upgrade.errorOutput)
        XCTAssertTrue(upgrade.output.contains("^ beta 1.0.0 -> 1.1.0"), upgrade.output)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.1.0")

        let rollback = try world.aip(["market", "rollback", "beta"])
        XCTAssertEqual(rollback.status, 0, rollback.errorOutput)
        XCTAssertTrue(rollback.output.contains("v beta 1.1.0 -> 1.0.0"), rollback.output)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0")
        XCTAssertEqual(try world.fingerprint("beta", "1.0.0"), before)

        let info = try world.aip(["market", "info", "beta", "--json"])
        let history = try JSONParser.parse(info.output)["history"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(history.map { $0.split(separator: " ").dropFirst().joined(separator: " ") },
                       ["install - -> 1.0.0", "upgrade 1.0.0 -> 1.1.0", "downgrade 1.1.0 -> 1.0.0"])
    }

    func testDryRunChangesNothing() throws {
        let world = try standardWorld()
        let dry = try world.aip(["market", "install", "alpha", "--dry-run", "--json"])
        XCTAssertEqual(dry.status, 0, dry.errorOutput)
        let steps = try JSONParser.parse(dry.output)["steps"]?.arrayValue ?? []
        XCTAssertEqual(steps.compactMap { $0["name"]?.stringValue }, ["beta", "alpha"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/alpha"))
        XCTAssertEqual(try world.aip(["market", "list", "--json"]).output.trimmingCharacters(in: .whitespacesAndNewlines), "[\n\n]")
    }

    func testPinHoldsThroughUpgradeAndRemoveRespectsDependents() throws {
        let world = try standardWorld()
        XCTAssertEqual(try world.aip(["market", "pin", "beta@1.0.0"]).status, 0)
        XCTAssertEqual(try world.aip(["market", "install", "alpha"]).status, 0)
        let upgrade = try world.aip(["market", "upgrade"])
        XCTAssertEqual(upgrade.status, 0, upgrade.errorOutput)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0", "a pinned package stays")

        let refused = try world.aip(["market", "remove", "beta"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errorOutput.contains("alpha 1.0.0 requires it"), refused.errorOutput)
        let removed = try world.aip(["market", "remove", "alpha"])
        XCTAssertEqual(removed.status, 0, removed.errorOutput)
        XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/alpha"))
        XCTAssertNil(try world.loadedVersion(of: "alpha"))
    }

    func testLockedInstallReproducesTheLockfileByteForByte() throws {
        let world = try standardWorld()
        XCTAssertEqual(try world.aip(["market", "install", "alpha"]).status, 0)
        let lock = try Data(contentsOf: URL(fileURLWithPath: world.home + "/aip.lock"))

        let other = world.root.path + "/other-home"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try world.addMarketplace(home: other)
        try lock.write(to: URL(fileURLWithPath: other + "/aip.lock"))
        let locked = try world.aip(["market", "install", "--locked"], home: other)
        XCTAssertEqual(locked.status, 0, locked.errorOutput)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: other + "/aip.lock")), lock)
        XCTAssertEqual(try world.loadedVersion(of: "beta", home: other), "1.1.0")
        XCTAssertEqual(try world.fingerprint("alpha", "1.0.0", home: other), try world.fingerprint("alpha", "1.0.0"))
    }

    func testUnsatisfiableRequirementsAreExplained() throws {
        let world = try world { world in
            try MarketFixtures.archive(name: "beta", version: "1.0.0", in: world.published)
            try MarketFixtures.archive(name: "alpha", version: "1.0.0", requires: .init(capability: "beta.version", range: "^1.0"),
                                       in: world.published)
        }
        let result = try world.aip(["market", "install", "alpha", "beta@^2.0"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("beta"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("^2.0"), result.errorOutput)
        XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/alpha"))
        let unknown = try world.aip(["market", "install", "alpah"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.errorOutput.contains("alpha"), "suggests the near name: \(unknown.errorOutput)")
    }

    func testSearchAndInfo() throws {
        let world = try standardWorld()
        let search = try world.aip(["market", "search", "alp", "--json"])
        XCTAssertEqual(search.status, 0, search.errorOutput)
        XCTAssertEqual(try JSONParser.parse(search.output).arrayValue?.first?["name"]?.stringValue, "alpha")
        let info = try world.aip(["market", "info", "beta"])
        XCTAssertTrue(info.output.contains("1.1.0"), info.output)
        XCTAssertTrue(info.output.contains("provides: beta.version@1.0.0"), info.output)
        let outdated = try world.aip(["market", "list", "--outdated"])
        XCTAssertEqual(outdated.status, 0)
    }
}

/// What an operator sees on a terminal, under a real pseudo-terminal (`script`).
final class MarketTerminalTests: XCTestCase {
    func testAProgressBarOnATerminalAndNoneInAPipe() throws {
        let world = try MarketWorld()
        try MarketFixtures.archive(name: "beta", version: "1.0.0", in: world.published)
        try world.publish()
        try world.serve()
        try world.addMarketplace()
        let aip = try MarketFixtures.aip()
        var environment = ProcessInfo.processInfo.environment
        environment["AIP_HOME"] = world.home
        // `script` runs the command on a pty and copies what it printed (stdout and stderr) to ours.
        let onTerminal = try runProcess("/usr/bin/script", ["-qec", "\(aip) market install beta", "/dev/null"], environment: environment)
        XCTAssertEqual(onTerminal.status, 0, onTerminal.output)
        XCTAssertTrue(onTerminal.output.contains("beta-1.0.0.aipkg  ["), onTerminal.output)
        XCTAssertTrue(onTerminal.output.contains("100%"), onTerminal.output)

        XCTAssertEqual(try world.aip(["market", "remove", "beta"]).status, 0)
        try FileManager.default.removeItem(atPath: world.home + "/market/cache")
        let piped = try world.aip(["market", "install", "beta"])
        XCTAssertEqual(piped.status, 0, piped.errorOutput)
        XCTAssertFalse(piped.errorOutput.contains("%"), piped.errorOutput)
    }

    func testAddHasADryRun() throws {
        let world = try MarketWorld()
        let result = try world.aip(["market", "add", "x", "file:///tmp/index.json", "--key", world.publicKey, "--dry-run"])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        XCTAssertTrue(result.output.contains("dry run"), result.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/config.json"))
    }
}
