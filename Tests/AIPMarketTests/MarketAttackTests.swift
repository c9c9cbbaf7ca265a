import AIPConfig
import AIPMarketIndex
import AIPPackaging
import AIPVersioning
import Crypto
import Foundation
import XCTest

/// Everything a hostile mirror, a broken network or a full disk can do, through the real `aip`
/// binary over loopback HTTP. Each case must fail with a message that says what happened, and
/// leave the previously installed plugins working.
final class MarketAttackTests: XCTestCase {
    private func betaWorld(versions: [String] = ["1.0.0"]) throws -> MarketWorld {
        let world = try MarketWorld()
        for version in versions { try MarketFixtures.archive(name: "beta", version: version, in: world.published) }
        try world.publish()
        try world.serve()
        try world.addMarketplace()
        return world
    }

    private func signingKey(_ world: MarketWorld) throws -> SigningKey {
        try SigningKey(fileContents: String(contentsOfFile: world.keyFile, encoding: .utf8), file: world.keyFile)
    }

    /// Rewrites the served index through `change` and signs it again with the world's key.
    private func republish(_ world: MarketWorld, _ change: (inout MarketIndex) -> Void) throws {
        let path = world.published + "/index.json"
        var index = try MarketIndex.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
        change(&index)
        let bytes = Array(index.serialized().utf8)
        try Data(IndexSignature.sign(bytes, with: [try signingKey(world)]).serialized().utf8)
            .write(to: URL(fileURLWithPath: path + ".sig"))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func testTamperedArchiveIsRefusedByHash() throws {
        let world = try betaWorld()
        let archive = world.published + "/beta-1.0.0.aipkg"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: archive)))
        bytes[bytes.count / 2] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: archive))
        let result = try world.aip(["market", "install", "beta"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.lowercased().contains("sha-256") && result.errorOutput.contains("altered"), result.errorOutput)
        XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/beta/current"))
    }

    func testTamperedIndexAndWrongKeyAreRefused() throws {
        let world = try betaWorld()
        let index = world.published + "/index.json"
        let text = try String(contentsOfFile: index, encoding: .utf8)
        try text.replacingOccurrences(of: "marketplace test plugin beta", with: "marketplace test plugin BETA")
            .write(toFile: index, atomically: true, encoding: .utf8)
        let tampered = try world.aip(["market", "update"])
        XCTAssertEqual(tampered.status, 1)
        XCTAssertTrue(tampered.errorOutput.contains("modified after it was signed"), tampered.errorOutput)

        try text.write(toFile: index, atomically: true, encoding: .utf8)
        XCTAssertEqual(try world.aip(["market", "update"]).status, 0)
        let stranger = SigningKey()
        let wrong = try world.aip(["market", "add", "test", world.indexURL, "--key", stranger.publicKey.description])
        XCTAssertEqual(wrong.status, 0, wrong.errorOutput)
        let refused = try world.aip(["market", "update"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errorOutput.contains("does not trust"), refused.errorOutput)
        XCTAssertTrue(try world.aip(["market", "install", "beta"]).errorOutput.contains("does not trust"))
    }

    func testUnsignedIndexNeedsTheLoudFlag() throws {
        let world = try betaWorld()
        try FileManager.default.removeItem(atPath: world.published + "/index.json.sig")
        let refused = try world.aip(["market", "update"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errorOutput.contains("is not signed"), refused.errorOutput)
        let allowed = try world.aip(["market", "install", "beta", "--allow-unsigned"])
        XCTAssertEqual(allowed.status, 0, allowed.errorOutput)
        XCTAssertTrue(allowed.errorOutput.contains("WARNING"), allowed.errorOutput)
    }

    func testExpiredIndexIsRefused() throws {
        let world = try betaWorld()
        try republish(world) { index in
            index.version += 1
            index.generated = "2020-01-01T00:00:00Z"
            index.expires = "2020-02-01T00:00:00Z"
        }
        let result = try world.aip(["market", "update"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("expired at 2020-02-01T00:00:00Z"), result.errorOutput)
    }

    func testAnOlderIndexIsARollbackAttack() throws {
        let world = try betaWorld()
        let index = world.published + "/index.json"
        let oldIndex = try Data(contentsOf: URL(fileURLWithPath: index))
        let oldSignature = try Data(contentsOf: URL(fileURLWithPath: index + ".sig"))
        try MarketFixtures.archive(name: "beta", version: "1.1.0", in: world.published)
        try world.publish()
        XCTAssertEqual(try world.aip(["market", "update"]).status, 0)
        try oldIndex.write(to: URL(fileURLWithPath: index))
        try oldSignature.write(to: URL(fileURLWithPath: index + ".sig"))
        let result = try world.aip(["market", "update"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("older than version 2"), result.errorOutput)
    }

    func testMissingArchiveAndDeadServerFailCleanlyKeepingThePreviousVersion() throws {
        let world = try betaWorld(versions: ["1.0.0", "1.1.0"])
        XCTAssertEqual(try world.aip(["market", "install", "beta@1.0.0"]).status, 0)
        try FileManager.default.removeItem(atPath: world.published + "/beta-1.1.0.aipkg")
        let missing = try world.aip(["market", "upgrade"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errorOutput.contains("404"), missing.errorOutput)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0")

        try MarketFixtures.archive(name: "beta", version: "1.1.0", in: world.published)
        world.stopServing()
        let dead = try world.aip(["market", "upgrade"])
        XCTAssertEqual(dead.status, 1)
        XCTAssertTrue(dead.errorOutput.contains("127.0.0.1"), dead.errorOutput)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0")
        XCTAssertEqual(try world.aip(["market", "verify"]).status, 0)
    }

    func testAFullDiskOrAKilledInstallLeavesThePreviousVersionWorking() throws {
        let world = try betaWorld(versions: ["1.0.0", "1.1.0"])
        XCTAssertEqual(try world.aip(["market", "install", "beta@1.0.0"]).status, 0)
        let aip = try MarketFixtures.aip()
        // Files may not grow past 8 KiB: the download into the cache hits the limit. With SIGXFSZ
        // ignored the write fails (EFBIG) and aip reports it; with the default action the kernel
        // kills aip mid-install. Either way beta 1.0.0 must keep working.
        for trap in ["trap '' XFSZ;", ""] {
            var environment = ProcessInfo.processInfo.environment
            environment["AIP_HOME"] = world.home
            let result = try runProcess("/bin/bash", ["-c", "\(trap) ulimit -f 8; exec \"$0\" market upgrade", aip], environment: environment)
            XCTAssertNotEqual(result.status, 0, "trap=\(trap.debugDescription)")
            if !trap.isEmpty {
                XCTAssertTrue(result.errorOutput.contains("too large") || result.errorOutput.contains("disk"), result.errorOutput)
            }
            XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.0.0")
            let verify = try world.aip(["market", "verify"])
            XCTAssertEqual(verify.status, 0, verify.output)
        }
        let upgrade = try world.aip(["market", "upgrade"])
        XCTAssertEqual(upgrade.status, 0, upgrade.errorOutput)
        XCTAssertEqual(try world.loadedVersion(of: "beta"), "1.1.0")
    }

    func testConcurrentInstallsAreSerialised() throws {
        let world = try MarketWorld()
        for name in ["beta", "gamma", "delta", "epsilon"] {
            try MarketFixtures.archive(name: name, version: "1.0.0", in: world.published)
        }
        try world.publish()
        try world.serve()
        try world.addMarketplace()
        XCTAssertEqual(try world.aip(["market", "update"]).status, 0)
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let name = ["beta", "gamma", "delta", "epsilon"][index]
            results.add(name, try? world.aip(["market", "install", name]))
        }
        for (name, result) in results.all {
            XCTAssertEqual(result?.status, 0, "\(name): \(result?.errorOutput ?? "did not run")")
        }
        let list = try JSONParser.parse(try world.aip(["market", "list", "--json"]).output).arrayValue ?? []
        XCTAssertEqual(list.compactMap { $0["name"]?.stringValue }, ["beta", "delta", "epsilon", "gamma"])
        XCTAssertEqual(try world.aip(["market", "verify"]).status, 0)
    }

    func testHostileArchivesAreRefused() throws {
        let world = try betaWorld()
        let cases: [(String, String)] = [
            ("zip-slip", "put('../escape.so', b'x')"),
            ("absolute", "put('/tmp/absolute.so', b'x')"),
            ("symlink", "i = tarfile.TarInfo('libevil.so'); i.type = tarfile.SYMTYPE; i.linkname = '/etc/passwd'; t.addfile(i)"),
            ("device", "i = tarfile.TarInfo('libevil.so'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)"),
        ]
        for (name, body) in cases {
            let archive = world.published + "/evil-\(name).aipkg"
            let script = """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], 'w', format=tarfile.USTAR_FORMAT) as t:
                def put(n, data):
                    i = tarfile.TarInfo(n); i.size = len(data); t.addfile(i, io.BytesIO(data))
                put('plugin.json', b'{}')
                \(body)
            """
            let made = try runProcess("/usr/bin/env", ["python3", "-c", script, archive])
            XCTAssertEqual(made.status, 0, made.errorOutput)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            try republish(world) { index in
                index.version += 1
                index.packages["evil-\(name)"] = MarketIndex.Package(description: "evil", license: "MIT", versions: [
                    SemanticVersion(major: 1, minor: 0, patch: 0): MarketIndex.Release(
                        archive: "evil-\(name).aipkg", sha256: digest, size: Int64(bytes.count),
                        abi: try! VersionRange(parsing: ">=1.0.0 <2.0.0"), host: .any, platform: HostPlatform.triple,
                        swiftToolchain: nil, requires: [], provides: ["evil.version@1.0.0"]),
                ])
            }
            XCTAssertEqual(try world.aip(["market", "update"]).status, 0)
            let result = try world.aip(["market", "install", "evil-\(name)"])
            XCTAssertEqual(result.status, 1, name)
            XCTAssertTrue(result.errorOutput.contains("refusing the archive"), "\(name): \(result.errorOutput)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/evil-\(name)"), name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: world.home + "/plugins/escape.so"))
        }
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: world.home + "/plugins/.staging")) ?? []
        XCTAssertEqual(staging, [], "refused archives leave nothing staged")
    }

    func testAnArchiveLargerThanItsIndexEntryIsCutOff() throws {
        let world = try betaWorld()
        try republish(world) { index in
            index.version += 1
            index.packages["beta"]?.versions[SemanticVersion(major: 1, minor: 0, patch: 0)]?.size = 100
        }
        XCTAssertEqual(try world.aip(["market", "update"]).status, 0)
        let result = try world.aip(["market", "install", "beta"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errorOutput.contains("100"), result.errorOutput)
    }
}

private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(String, ProcessResult?)] = []
    func add(_ name: String, _ result: ProcessResult?) { lock.lock(); results.append((name, result)); lock.unlock() }
    var all: [(String, ProcessResult?)] { lock.lock(); defer { lock.unlock() }; return results }
}
