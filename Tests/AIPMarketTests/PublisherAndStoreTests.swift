@testable import AIPMarket
import AIPMarketIndex
import AIPVersioning
import AIPluginABI
import Foundation
import XCTest

/// The publisher and the on-disk store, in-process: what `publish` writes, and that the store only
/// ever exposes whole, verified versions.
final class PublisherAndStoreTests: XCTestCase {
    private let v1 = SemanticVersion(major: 1, minor: 0, patch: 0)

    private func publish(_ directory: String, key: SigningKey, options: IndexPublisher.Options = .init(name: "t"))
        throws -> IndexPublisher.Result {
        try IndexPublisher(directory: directory, options: options).publish(signingKeys: [key])
    }

    func testPublishDerivesPackageRequirementsAndSigns() throws {
        let folder = try TemporaryDirectory()
        try MarketFixtures.archive(name: "beta", version: "1.0.0", in: folder.path)
        try MarketFixtures.archive(name: "alpha", version: "1.0.0", requires: .init(capability: "beta.version", range: "^1.0"),
                                   in: folder.path)
        let key = SigningKey()
        let result = try publish(folder.path, key: key)
        XCTAssertTrue(result.written)
        XCTAssertEqual(result.added, ["alpha 1.0.0", "beta 1.0.0"])
        let alpha = try XCTUnwrap(result.index.packages["alpha"]?.versions[v1])
        XCTAssertEqual(alpha.requires.map(\.name), ["beta"])
        XCTAssertEqual(alpha.requires.first?.range.text, "=1.0.0")
        XCTAssertEqual(alpha.provides, ["alpha.version@1.0.0"])
        XCTAssertEqual(alpha.abi.text, ">=\(AIP_ABI_MAJOR).\(AIP_ABI_MINOR).0 <\(AIP_ABI_MAJOR + 1).0.0")

        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/index.json")))
        let signature = Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/index.json.sig")))
        let accepted = try IndexTrustPolicy(marketplace: "t", trustedKeys: [key.publicKey]).accept(index: bytes, signature: signature, source: "idx")
        XCTAssertEqual(accepted.index.version, 1)
    }

    func testRepublishingKeepsVersionsRaisesTheIndexAndRefusesAChangedArchive() throws {
        let folder = try TemporaryDirectory()
        try MarketFixtures.archive(name: "beta", version: "1.0.0", in: folder.path)
        let key = SigningKey()
        XCTAssertEqual(try publish(folder.path, key: key).index.version, 1)
        let unchanged = try publish(folder.path, key: key)
        XCTAssertFalse(unchanged.written, "nothing changed and the index is far from expiry")
        try MarketFixtures.archive(name: "beta", version: "1.1.0", in: folder.path)
        XCTAssertEqual(try publish(folder.path, key: key).index.version, 2)
        let yanked = try publish(folder.path, key: key, options: .init(name: "t", yank: [("beta", v1, "broken")]))
        XCTAssertEqual(yanked.index.packages["beta"]?.versions[v1]?.yanked, true)
        XCTAssertEqual(yanked.index.version, 3)

        // A published version never changes: same name and version, other bytes.
        try MarketFixtures.archive(name: "beta", version: "1.0.0", requires: .init(capability: "x.y", range: "*"), in: folder.path)
        XCTAssertThrowsError(try publish(folder.path, key: key)) { error in
            XCTAssertTrue("\(error)".contains("already published"), "\(error)")
        }
    }

    func testStageRefusesAnArchiveThatIsNotWhatTheIndexPromised() throws {
        let folder = try TemporaryDirectory()
        let archive = try MarketFixtures.archive(name: "beta", version: "1.0.0", in: folder.path)
        let store = PluginStore(root: folder.path + "/plugins")
        let release = MarketIndex.Release(archive: "x", sha256: String(repeating: "0", count: 64), size: 1,
                                          abi: try VersionRange(parsing: ">=1.0.0 <2.0.0"), host: .any,
                                          platform: "aarch64-unknown-linux-gnu", swiftToolchain: nil, requires: [],
                                          provides: ["beta.version@1.0.0", "beta.extra@1.0.0"])
        XCTAssertThrowsError(try store.stage(archive: archive, name: "beta", version: v1, release: release)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("platform"), text)
            XCTAssertTrue(text.contains("beta.extra@1.0.0"), text)
        }
        XCTAssertThrowsError(try store.stage(archive: archive, name: "gamma", version: v1, release: nil)) { error in
            XCTAssertTrue("\(error)".contains("names plugin beta, not gamma"), "\(error)")
        }
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/plugins/.staging")) ?? [], [])
    }

    func testPlacedVersionsVerifyAndActivationIsALink() throws {
        let folder = try TemporaryDirectory()
        let archive = try MarketFixtures.archive(name: "beta", version: "1.0.0", in: folder.path)
        let store = PluginStore(root: folder.path + "/plugins")
        let staged = try store.stage(archive: archive, name: "beta", version: v1, release: nil)
        try store.place(staged: staged, name: "beta", version: v1)
        try store.activate(name: "beta", version: v1)
        XCTAssertEqual(store.activeVersion(of: "beta"), v1)
        XCTAssertEqual(store.verify(name: "beta", version: v1), [])
        try Data("changed".utf8).write(to: URL(fileURLWithPath: folder.path + "/plugins/beta/1.0.0/README.md"))
        try Data("extra".utf8).write(to: URL(fileURLWithPath: folder.path + "/plugins/beta/1.0.0/extra.so"))
        let problems = store.verify(name: "beta", version: v1)
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems[0].contains("README.md was modified"), "\(problems)")
        XCTAssertTrue(problems[1].contains("extra.so was not part of the package"), "\(problems)")
        // A damaged folder is replaced by the next placement of the same version.
        try store.place(staged: try store.stage(archive: archive, name: "beta", version: v1, release: nil), name: "beta", version: v1)
        XCTAssertEqual(store.verify(name: "beta", version: v1), [])
    }

    func testInstallLockMakesASecondHolderWait() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/lock"
        let first = try InstallLock(path: path)
        let order = OrderLog()
        let waited = expectation(description: "second holder got the lock")
        Thread {
            let second = try? InstallLock(path: path) { holder in order.add("waiting for \(holder.map(String.init) ?? "?")") }
            order.add("second")
            second?.release()
            waited.fulfill()
        }.start()
        usleep(200_000)
        order.add("first releases")
        first.release()
        wait(for: [waited], timeout: 10)
        XCTAssertEqual(order.entries, ["waiting for \(getpid())", "first releases", "second"])
    }

    func testAtomicFileReplacesWholeOrNothing() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/f.json"
        try AtomicFile.write(Array("old".utf8), to: path)
        try AtomicFile.write(Array("new".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["f.json"])
        XCTAssertThrowsError(try AtomicFile.write(Array("x".utf8), to: "/proc/self/no/such/file")) { error in
            XCTAssertTrue("\(error)".contains("/proc/self/no/such/file"), "\(error)")
        }
    }
}

private final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    func add(_ entry: String) { lock.lock(); log.append(entry); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return log }
}
