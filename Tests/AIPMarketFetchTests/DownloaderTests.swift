import AIPMarketFetch
import Foundation
import XCTest

/// Plain downloads over file:// and HTTP, and the errors that must not be retried.
final class DownloaderTests: FetchTestCase {
    func testFileURLDownloadIsVerifiedAndRenamedIntoPlace() throws {
        let bytes = try serve("a.bin", count: 300_000)
        let request = DownloadRequest(url: "file://\(served.path)/a.bin", expectedSHA256: FetchFixtures.sha256(bytes),
                                      expectedSize: Int64(bytes.count), maxSize: 1 << 20)
        let result = try Downloader(options: FetchFixtures.options()).download(request, to: destination())
        XCTAssertEqual(result, DownloadResult(path: destination(), sha256: FetchFixtures.sha256(bytes),
                                              bytes: Int64(bytes.count), resumed: false, attempts: 1))
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
        XCTAssertFalse(FetchFixtures.exists(destination() + ".part"))
    }

    func testMissingFileURLIsNotFoundWithoutRetrying() {
        let url = "file://\(served.path)/missing.bin"
        let started = ContinuousClock.now
        let slowRetries = FetchOptions(retries: 4, backoffBase: .seconds(2), progress: .quiet)
        let error = FetchFixtures.expectFailure {
            try Downloader(options: slowRetries).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        XCTAssertEqual(error, .notFound(url: url))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
        assertNothingLeft(at: destination())
    }

    func testHTTPDownloadSendsUserAgentAndReportsTheHash() throws {
        let bytes = try serve("b.bin", count: 1_000_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("ok", "b.bin"), maxSize: 2_000_000), to: destination())
        XCTAssertEqual(result.sha256, FetchFixtures.sha256(bytes))
        XCTAssertEqual(result.bytes, 1_000_000)
        XCTAssertEqual(result.attempts, 1)
        XCTAssertFalse(result.resumed)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests.first?.userAgent, "aip/test")
        XCTAssertNil(requests.first?.range)
    }

    func test404FailsAtOnceWithAClearMessage() throws {
        let url = server.url("notfound", "c.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 4)).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        XCTAssertEqual(error, .notFound(url: url))
        XCTAssertTrue(error?.description.contains(url) == true)
        XCTAssertTrue(error?.description.contains("not found") == true)
        XCTAssertEqual(try server.requests().count, 1, "a 404 is not retried")
        assertNothingLeft(at: destination())
    }

    func test403IsNamedAndNotRetried() throws {
        _ = try serve("d.bin", count: 10)
        let url = server.url("status-403-99", "d.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 4)).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        XCTAssertEqual(error, .http(status: 403, url: url))
        XCTAssertTrue(error?.description.contains("HTTP 403") == true)
        XCTAssertEqual(try server.requests().count, 1)
    }

    func test500ThenSuccessIsRetried() throws {
        let bytes = try serve("e.bin", count: 50_000)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("status-500-1", "e.bin"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      maxSize: 100_000), to: destination())
        XCTAssertEqual(result.attempts, 2)
        XCTAssertEqual(try server.requests().map(\.status), [500, 200])
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
    }

    func testPersistent503GivesUpAfterTheRetries() throws {
        _ = try serve("f.bin", count: 10)
        let url = server.url("status-503-99", "f.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 2)).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        XCTAssertEqual(error, .http(status: 503, url: url))
        XCTAssertEqual(try server.requests().count, 3, "one attempt and two retries")
        assertNothingLeft(at: destination())
    }

    func testRedirectIsFollowed() throws {
        let bytes = try serve("g.bin", count: 4096)
        let result = try Downloader(options: FetchFixtures.options())
            .download(DownloadRequest(url: server.url("redirect", "g.bin"), maxSize: 10_000), to: destination())
        XCTAssertEqual(result.sha256, FetchFixtures.sha256(bytes))
        XCTAssertEqual(try server.requests().map(\.status), [302, 200])
    }

    func testRedirectWithoutALocationIsNotSavedAsTheFile() throws {
        _ = try serve("g.bin", count: 10)
        let url = server.url("status-302-99", "g.bin")
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options()).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        XCTAssertEqual(error, .http(status: 302, url: url))
        assertNothingLeft(at: destination())
    }

    func testRedirectLimitIsEnforced() throws {
        _ = try serve("g.bin", count: 10)
        var options = FetchFixtures.options()
        options.maxRedirects = 0
        let error = FetchFixtures.expectFailure {
            try Downloader(options: options).download(DownloadRequest(url: self.server.url("redirect", "g.bin"), maxSize: 100),
                                                      to: self.destination())
        }
        guard case .network(_, let message)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(message.contains("redirects"), message)
        XCTAssertEqual(try server.requests().count, 1, "not retried")
    }

    func testRefusedConnectionIsRetriedThenNamed() throws {
        let url = server.url("ok", "h.bin")
        server.stop()
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options(retries: 2)).download(DownloadRequest(url: url, maxSize: 100), to: destination())
        }
        guard case .network(let failedURL, let message)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failedURL, url)
        XCTAssertFalse(message.isEmpty)
        assertNothingLeft(at: destination())
    }

    func testUnsupportedSchemesAndBadRequestsAreRefusedBeforeAnyTransfer() {
        let downloader = Downloader(options: FetchFixtures.options())
        XCTAssertEqual(FetchFixtures.expectFailure { try downloader.download(DownloadRequest(url: "ftp://x/y", maxSize: 1), to: destination()) },
                       .unsupportedScheme(url: "ftp://x/y"))
        XCTAssertEqual(FetchFixtures.expectFailure { try downloader.fetchBytes(url: "index.json", maxSize: 1) },
                       .unsupportedScheme(url: "index.json"))
        let badHash = FetchFixtures.expectFailure {
            try downloader.download(DownloadRequest(url: "http://127.0.0.1:1/x", expectedSHA256: "abc", maxSize: 1), to: destination())
        }
        XCTAssertTrue(badHash?.description.contains("not 64 hex digits") == true, "\(String(describing: badHash))")
        XCTAssertEqual(FetchFixtures.expectFailure {
            try downloader.download(DownloadRequest(url: "http://127.0.0.1:1/x", expectedSize: 10, maxSize: 5), to: destination())
        }, .tooLarge(url: "http://127.0.0.1:1/x", limit: 5))
        assertNothingLeft(at: destination())
    }

    func testWritingIntoAMissingDirectoryNamesThePath() throws {
        _ = try serve("i.bin", count: 10)
        let target = downloads.path + "/no/such/dir/i.bin"
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options()).download(DownloadRequest(url: server.url("ok", "i.bin"), maxSize: 100), to: target)
        }
        guard case .io(let path, let message)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(path, target + ".part")
        XCTAssertTrue(message.contains("No such file or directory"), message)
    }

    func testFetchBytesReadsASmallDocumentAndRefusesABigOne() throws {
        let bytes = try serve("index.json", count: 2000)
        let downloader = Downloader(options: FetchFixtures.options())
        XCTAssertEqual(try downloader.fetchBytes(url: server.url("ok", "index.json"), maxSize: 4096), bytes)
        XCTAssertEqual(try downloader.fetchBytes(url: "file://\(served.path)/index.json", maxSize: 4096), bytes)
        let url = server.url("ok", "index.json")
        XCTAssertEqual(FetchFixtures.expectFailure { try downloader.fetchBytes(url: url, maxSize: 1000) }, .tooLarge(url: url, limit: 1000))
    }
}
