import AIPMarketFetch
import Foundation
import XCTest

/// Bodies that are too big, wrong, tampered with, or too slow.
final class LimitTests: FetchTestCase {
    func testOversizedAnnouncedBodyIsRefusedBeforeWriting() throws {
        _ = try serve("big.bin", count: 1_000_000)
        let url = server.url("ok", "big.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options()).download(DownloadRequest(url: url, maxSize: 100_000), to: destination())
        }
        XCTAssertEqual(error, .tooLarge(url: url, limit: 100_000))
        XCTAssertEqual(try server.requests().count, 1, "a body that is too large is not retried")
        assertNothingLeft(at: destination())
    }

    func testOversizedUnannouncedBodyIsCutOffAtTheLimit() throws {
        _ = try serve("big.bin", count: 1_000_000)
        let url = server.url("nolength", "big.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options()).download(DownloadRequest(url: url, maxSize: 100_000), to: destination())
        }
        XCTAssertEqual(error, .tooLarge(url: url, limit: 100_000))
        assertNothingLeft(at: destination())
    }

    func testUnannouncedBodyWithinTheLimitIsAccepted() throws {
        let bytes = try serve("small.bin", count: 70_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("nolength", "small.bin"), expectedSize: 70_000, maxSize: 100_000), to: destination())
        XCTAssertEqual(result.sha256, FetchFixtures.sha256(bytes))
    }

    func testTamperedArchiveFailsTheChecksumAndIsDeleted() throws {
        var bytes = try serve("pkg.aipkg", count: 200_000)
        let expected = FetchFixtures.sha256(bytes)
        bytes[1234] ^= 0xff
        try FetchFixtures.write(bytes, to: served.path + "/pkg.aipkg")
        let url = server.url("ok", "pkg.aipkg")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options())
                .download(DownloadRequest(url: url, expectedSHA256: expected, expectedSize: 200_000, maxSize: 1_000_000), to: destination())
        }
        XCTAssertEqual(error, .checksumMismatch(url: url, expected: expected, got: FetchFixtures.sha256(bytes)))
        XCTAssertTrue(error?.description.contains("do not install it") == true)
        XCTAssertEqual(try server.requests().count, 1, "a fresh download with a wrong hash is not retried")
        assertNothingLeft(at: destination())
    }

    func testWrongAnnouncedLengthIsASizeMismatchBeforeTheBody() throws {
        _ = try serve("w.bin", count: 5000)
        let url = server.url("wronglength", "w.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options())
                .download(DownloadRequest(url: url, expectedSize: 5000, maxSize: 100_000), to: destination())
        }
        XCTAssertEqual(error, .sizeMismatch(url: url, expected: 5000, got: 6000))
        assertNothingLeft(at: destination())
    }

    func testShortBodyIsASizeMismatch() throws {
        _ = try serve("s.bin", count: 5000)
        let url = server.url("nolength", "s.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options())
                .download(DownloadRequest(url: url, expectedSize: 8000, maxSize: 100_000), to: destination())
        }
        XCTAssertEqual(error, .sizeMismatch(url: url, expected: 8000, got: 5000))
        assertNothingLeft(at: destination())
    }

    func testStalledTransferTimesOut() throws {
        _ = try serve("stall.bin", count: 200_000)
        let url = server.url("stall-500", "stall.bin")
        let stall = StallLimit(bytesPerSecond: 1000, seconds: 1)
        let started = ContinuousClock.now
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 1, stall: stall))
                .download(DownloadRequest(url: url, maxSize: 1_000_000), to: destination())
        }
        XCTAssertEqual(error, .stalled(url: url, limit: stall))
        XCTAssertEqual(try server.requests().map(\.range), [nil, "bytes=500-"], "the retry resumes after the stall")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        assertNothingLeft(at: destination())
    }

    func testTotalTimeoutStopsASlowDownload() throws {
        _ = try serve("slow.bin", count: 400_000)
        let url = server.url("slow-20000", "slow.bin")
        let started = ContinuousClock.now
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(totalTimeout: .milliseconds(1500)))
                .download(DownloadRequest(url: url, maxSize: 1_000_000), to: destination())
        }
        XCTAssertEqual(error, .timeout(url: url, after: .milliseconds(1500)))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        assertNothingLeft(at: destination())
    }
}
