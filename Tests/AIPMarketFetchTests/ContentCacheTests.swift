import AIPMarketFetch
import AIPTestSupport
import Foundation
import XCTest

/// The content-addressed cache: hits without the network, corruption, concurrency, pruning.
final class ContentCacheTests: FetchTestCase {
    var cacheDirectory: TemporaryDirectory!

    override func setUpWithError() throws {
        try super.setUpWithError()
        cacheDirectory = try TemporaryDirectory()
    }

    override func tearDown() {
        cacheDirectory = nil
        super.tearDown()
    }

    private func request(_ bytes: [UInt8], _ modes: String, _ name: String) -> DownloadRequest {
        DownloadRequest(url: server.url(modes, name), expectedSHA256: FetchFixtures.sha256(bytes),
                        expectedSize: Int64(bytes.count), maxSize: 10_000_000)
    }

    func testHitIsServedWithoutTheNetwork() throws {
        let bytes = try serve("a.aipkg", count: 150_000)
        let cache = ContentCache(directory: cacheDirectory.path)
        let downloader = Downloader(options: FetchFixtures.options(retries: 0))
        let sha = FetchFixtures.sha256(bytes)
        XCTAssertNil(cache.cached(sha256: sha))

        let first = try cache.fetch(request(bytes, "ok", "a.aipkg"), using: downloader)
        XCTAssertEqual(first.attempts, 1)
        XCTAssertEqual(first.path, cache.path(forSHA256: sha))
        XCTAssertEqual(try FetchFixtures.read(first.path), bytes)

        server.stop()
        let second = try cache.fetch(request(bytes, "ok", "a.aipkg"), using: downloader)
        XCTAssertEqual(second, DownloadResult(path: first.path, sha256: sha, bytes: 150_000, resumed: false, attempts: 0))
        XCTAssertEqual(cache.cached(sha256: sha.uppercased()), first.path)
    }

    func testCorruptedEntryIsDroppedAndFetchedAgain() throws {
        let bytes = try serve("b.aipkg", count: 20_000)
        let cache = ContentCache(directory: cacheDirectory.path)
        let downloader = Downloader(options: FetchFixtures.options())
        let stored = try cache.fetch(request(bytes, "ok", "b.aipkg"), using: downloader).path
        try FetchFixtures.write(Array(bytes.dropLast()) + [0], to: stored)

        XCTAssertNil(cache.cached(sha256: FetchFixtures.sha256(bytes)))
        XCTAssertFalse(FetchFixtures.exists(stored), "a corrupted entry is removed")
        let again = try cache.fetch(request(bytes, "ok", "b.aipkg"), using: downloader)
        XCTAssertEqual(again.attempts, 1)
        XCTAssertEqual(try FetchFixtures.read(again.path), bytes)
    }

    func testTamperedArchiveNeverEntersTheCache() throws {
        let bytes = try serve("c.aipkg", count: 30_000)
        let cache = ContentCache(directory: cacheDirectory.path)
        let sha = FetchFixtures.sha256(bytes)
        try FetchFixtures.write(FetchFixtures.bytes(30_000, seed: 5), to: served.path + "/c.aipkg")
        let error = FetchFixtures.expectFailure {
            try cache.fetch(request(bytes, "ok", "c.aipkg"), using: Downloader(options: FetchFixtures.options()))
        }
        guard case .checksumMismatch? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertNil(cache.cached(sha256: sha))
        assertNothingLeft(at: cache.path(forSHA256: sha))
    }

    func testConcurrentFetchesDownloadEachArchiveOnce() throws {
        let archives = try (0..<4).map { try serve("p\($0).aipkg", count: 300_000 + $0, seed: UInt64($0 + 10)) }
        let cache = ContentCache(directory: cacheDirectory.path)
        let downloader = Downloader(options: FetchFixtures.options())
        let requests = (0..<12).map { request(archives[$0 % 4], "slow-3000000", "p\($0 % 4).aipkg") }
        let results = ConcurrentResults(count: requests.count)
        DispatchQueue.concurrentPerform(iterations: requests.count) { index in
            results.set(index, Result { () throws(FetchError) in try cache.fetch(requests[index], using: downloader) })
        }
        for (index, result) in results.all.enumerated() {
            let fetched = try result.get()
            XCTAssertEqual(fetched.path, cache.path(forSHA256: FetchFixtures.sha256(archives[index % 4])))
            XCTAssertEqual(try FetchFixtures.read(fetched.path), archives[index % 4])
        }
        let perPath = Dictionary(grouping: try server.requests(), by: \.path).mapValues(\.count)
        XCTAssertEqual(perPath.count, 4)
        XCTAssertEqual(Set(perPath.values), [1], "each archive was downloaded once: \(perPath)")
    }

    func testFetchWithoutAHashStoresUnderTheActualHash() throws {
        let bytes = try serve("d.aipkg", count: 10_000)
        let cache = ContentCache(directory: cacheDirectory.path)
        let result = try cache.fetch(DownloadRequest(url: server.url("ok", "d.aipkg"), maxSize: 100_000),
                                     using: Downloader(options: FetchFixtures.options()))
        XCTAssertEqual(result.sha256, FetchFixtures.sha256(bytes))
        XCTAssertEqual(result.path, cache.path(forSHA256: result.sha256))
        XCTAssertEqual(cache.cached(sha256: result.sha256), result.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path + "/incoming"), [])
    }

    func testPruneKeepsOnlyTheNamedEntries() throws {
        let kept = try serve("k.aipkg", count: 5_000, seed: 1)
        let dropped = try serve("x.aipkg", count: 7_000, seed: 2)
        let cache = ContentCache(directory: cacheDirectory.path)
        let downloader = Downloader(options: FetchFixtures.options())
        _ = try cache.fetch(request(kept, "ok", "k.aipkg"), using: downloader)
        _ = try cache.fetch(request(dropped, "ok", "x.aipkg"), using: downloader)
        let leftover = cache.path(forSHA256: FetchFixtures.sha256(FetchFixtures.bytes(1, seed: 3))) + ".part"
        try FileManager.default.createDirectory(atPath: (leftover as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FetchFixtures.write([1, 2, 3], to: leftover)

        let freed = try cache.prune(keeping: [FetchFixtures.sha256(kept)])
        XCTAssertEqual(freed, 7_003)
        XCTAssertNotNil(cache.cached(sha256: FetchFixtures.sha256(kept)))
        XCTAssertNil(cache.cached(sha256: FetchFixtures.sha256(dropped)))
        let locks = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path + "/locks")
        XCTAssertEqual(locks, [FetchFixtures.sha256(kept) + ".lock"])
    }
}

/// Results written by concurrent workers, one slot each.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<DownloadResult, FetchError>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<DownloadResult, FetchError>) {
        lock.withLock { slots[index] = result }
    }

    var all: [Result<DownloadResult, FetchError>] {
        lock.withLock { slots.compactMap { $0 } }
    }
}
