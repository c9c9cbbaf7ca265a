import AIPMarketFetch
import Foundation
import XCTest

/// Servers that die, ignore ranges or change the file under a partial download.
final class ResumeTests: FetchTestCase {
    func testServerDyingMidDownloadIsResumedWithARangeRequest() throws {
        let bytes = try serve("a.bin", count: 1_000_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("dieonce-300000", "a.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      expectedSize: 1_000_000, maxSize: 2_000_000), to: destination())
        XCTAssertTrue(result.resumed)
        XCTAssertEqual(result.attempts, 2)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
        let requests = try server.requests()
        XCTAssertEqual(requests.map(\.status), [200, 206])
        XCTAssertNil(requests[0].range)
        XCTAssertEqual(requests[1].range, "bytes=300000-", "the retry asks only for the missing bytes")
        XCTAssertNotNil(requests[1].ifRange, "the retry quotes the ETag so a changed file comes back whole")
    }

    func testServerDyingEveryTimeFailsCleanly() throws {
        _ = try serve("b.bin", count: 500_000)
        let url = server.url("dieat-100000", "b.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 2))
                .download(DownloadRequest(url: url, expectedSize: 500_000, maxSize: 1_000_000), to: destination())
        }
        guard case .network(let failedURL, _)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failedURL, url)
        XCTAssertEqual(try server.requests().count, 3)
        assertNothingLeft(at: destination())
    }

    func testServerIgnoringRangeRestartsFromTheBeginning() throws {
        let bytes = try serve("c.bin", count: 400_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("dieonce-150000+norange", "c.bin"),
                                      expectedSHA256: FetchFixtures.sha256(bytes), maxSize: 1_000_000), to: destination())
        XCTAssertFalse(result.resumed, "a 200 answer to a Range request replaces the partial file")
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
        let requests = try server.requests()
        XCTAssertEqual(requests.map(\.status), [200, 200])
        XCTAssertEqual(requests[1].range, "bytes=150000-")
    }

    func testChangedSizeOnResumeRestartsCleanly() throws {
        _ = try serve("d.bin", count: 200_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("dieonce-50000+grow", "d.bin"), maxSize: 1_000_000), to: destination())
        // Request 1 (200_001 bytes) dies; request 2's Content-Range says 200_002: restart; request 3 serves 200_003.
        XCTAssertEqual(try server.requests().map(\.status), [200, 206, 200])
        XCTAssertEqual(result.bytes, 200_003)
        XCTAssertFalse(result.resumed)
        XCTAssertEqual(try FetchFixtures.read(destination()).suffix(3), Array("+++".utf8))
    }

    func testLeftoverPartialFileOfAnEarlierRunIsResumed() throws {
        let bytes = try serve("e.bin", count: 300_000)
        try FetchFixtures.write(Array(bytes.prefix(120_000)), to: destination() + ".part")
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "e.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      maxSize: 1_000_000), to: destination())
        XCTAssertTrue(result.resumed)
        XCTAssertEqual(result.attempts, 1)
        XCTAssertEqual(try server.requests().map(\.range), ["bytes=120000-"])
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
    }

    func testCompleteLeftoverAnswered416IsDownloadedAgain() throws {
        let bytes = try serve("f.bin", count: 64_000)
        try FetchFixtures.write(bytes, to: destination() + ".part")
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "f.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      maxSize: 100_000), to: destination())
        XCTAssertEqual(try server.requests().map(\.status), [416, 200])
        XCTAssertFalse(result.resumed)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
    }

    func testLeftoverOfAnotherFileFailsTheHashOnceThenDownloadsCleanly() throws {
        let bytes = try serve("g.bin", count: 100_000)
        try FetchFixtures.write(FetchFixtures.bytes(40_000, seed: 99), to: destination() + ".part")
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "g.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      maxSize: 1_000_000), to: destination())
        XCTAssertEqual(try server.requests().map(\.range), ["bytes=40000-", nil])
        XCTAssertEqual(result.attempts, 2)
        XCTAssertFalse(result.resumed)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
    }

    func testLeftoverWithoutAnExpectedHashIsDiscarded() throws {
        let bytes = try serve("h.bin", count: 10_000)
        try FetchFixtures.write(FetchFixtures.bytes(5_000, seed: 7), to: destination() + ".part")
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "h.bin"), maxSize: 100_000), to: destination())
        XCTAssertEqual(try server.requests().map(\.range), [nil])
        XCTAssertEqual(result.sha256, FetchFixtures.sha256(bytes))
    }
}

extension ResumeTests {
    func testCompleteLeftoverOfTheExpectedSizeNeedsNoRequest() throws {
        let bytes = try serve("i.bin", count: 20_000)
        try FetchFixtures.write(bytes, to: destination() + ".part")
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "i.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      expectedSize: 20_000, maxSize: 100_000), to: destination())
        XCTAssertEqual(result.attempts, 0)
        XCTAssertTrue(result.resumed)
        XCTAssertEqual(try server.requests().count, 0)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
    }
}
