@testable import AIPMarketFetch
import Foundation
import XCTest

/// The pure pieces: header parsing, backoff, progress text, error wording.
final class FetchPartsTests: XCTestCase {
    func testHeadersOfTheLastResponseInARedirectChainCount() {
        var headers = ResponseHeaders()
        for line in ["HTTP/1.1 302 Found\r\n", "ETag: \"old\"\r\n", "Location: /x\r\n", "\r\n",
                     "HTTP/1.1 206 Partial Content\r\n", "Content-Range: bytes 100-199/200\r\n",
                     "Last-Modified: Tue, 01 Jan 2030 00:00:00 GMT\r\n", "Retry-After: 7\r\n", "\r\n"] {
            headers.consume(line)
        }
        XCTAssertEqual(headers.contentRange, .init(first: 100, total: 200))
        XCTAssertEqual(headers.validator, "Tue, 01 Jan 2030 00:00:00 GMT")
        XCTAssertEqual(headers.retryAfter, .seconds(7))
    }

    func testWeakETagIsNotUsedForIfRange() {
        var headers = ResponseHeaders()
        headers.consume("HTTP/1.1 200 OK\r\n")
        headers.consume("etag: W/\"weak\"\r\n")
        XCTAssertNil(headers.validator)
        headers.consume("ETag: \"strong\"\r\n")
        XCTAssertEqual(headers.validator, "\"strong\"")
    }

    func testContentRangeParsing() {
        XCTAssertEqual(ResponseHeaders.parseContentRange("bytes 0-9/10"), .init(first: 0, total: 10))
        XCTAssertEqual(ResponseHeaders.parseContentRange("bytes 5-9/*"), .init(first: 5, total: nil))
        XCTAssertNil(ResponseHeaders.parseContentRange("bytes */10"))
        XCTAssertNil(ResponseHeaders.parseContentRange("items 0-9/10"))
    }

    func testBackoffDoublesWithJitterAndStopsAtTheCap() {
        let backoff = Backoff(base: .milliseconds(200), cap: .seconds(1))
        XCTAssertEqual(backoff.delay(afterFailure: 1, jitter: 1), .milliseconds(200))
        XCTAssertEqual(backoff.delay(afterFailure: 2, jitter: 1), .milliseconds(400))
        XCTAssertEqual(backoff.delay(afterFailure: 3, jitter: 0.5), .milliseconds(400))
        XCTAssertEqual(backoff.delay(afterFailure: 9, jitter: 1), .seconds(1))
        XCTAssertEqual(backoff.delay(afterFailure: 60, jitter: 1), .seconds(1))
        XCTAssertEqual(backoff.delay(afterFailure: 1, retryAfter: .milliseconds(700), jitter: 1), .milliseconds(700))
        XCTAssertEqual(backoff.delay(afterFailure: 1, retryAfter: .seconds(120), jitter: 1), .seconds(1))
        for _ in 0..<50 {
            let delay = backoff.delay(afterFailure: 2)
            XCTAssertTrue((Duration.milliseconds(200)...Duration.milliseconds(400)).contains(delay), "\(delay)")
        }
    }

    func testProgressLineShowsBarPercentBytesAndRate() {
        let line = ProgressLine.render(label: "a.aipkg", bytes: 5 * 1024 * 1024, total: 10 * 1024 * 1024,
                                       bytesPerSecond: 2.5 * 1024 * 1024, note: nil)
        XCTAssertEqual(line, "a.aipkg  [############............]   50%  5.0 MiB / 10.0 MiB  2.5 MiB/s")
        XCTAssertEqual(ProgressLine.render(label: "x", bytes: 1000, total: nil, bytesPerSecond: nil, note: "retry 1/4"),
                       "x  1000 B  retry 1/4")
        XCTAssertEqual(ProgressLine.size(1536), "1.5 KiB")
        XCTAssertEqual(ProgressLine.label(forURL: "https://h/p/plugin-1.2.3.aipkg?sig=1"), "plugin-1.2.3.aipkg")
    }

    func testProgressModeDecidesWhetherABarIsDrawn() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]) }
        XCTAssertNil(ProgressBar.make(mode: .quiet, url: "http://h/a", output: ends[1]))
        XCTAssertNil(ProgressBar.make(mode: .auto, url: "http://h/a", output: ends[1]), "a pipe is not a terminal")
        let bar = try XCTUnwrap(ProgressBar.make(mode: .bar, url: "http://h/a.bin", output: ends[1]))
        bar.update(bytes: 10, total: 100)
        bar.finish(bytes: 100, total: 100)
        close(ends[1])
        let drawn = String(decoding: FileHandle(fileDescriptor: ends[0]).readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(drawn.hasPrefix("\ra.bin  ["), drawn)
        XCTAssertTrue(drawn.contains("100%"), drawn)
        XCTAssertTrue(drawn.hasSuffix("\n"), drawn)
    }

    func testEveryErrorNamesItsSubject() {
        let url = "https://example.org/p.aipkg"
        let errors: [FetchError] = [
            .notFound(url: url), .http(status: 503, url: url), .network(url: url, message: "Connection refused"),
            .timeout(url: url, after: .seconds(30)), .stalled(url: url, limit: StallLimit(bytesPerSecond: 1, seconds: 2)),
            .tooLarge(url: url, limit: 10), .sizeMismatch(url: url, expected: 1, got: 2),
            .checksumMismatch(url: url, expected: "a", got: "b"), .unsupportedScheme(url: url),
            .invalidRequest(url: url, reason: "bad"),
        ]
        for error in errors {
            XCTAssertTrue(error.description.hasPrefix(url + ": "), error.description)
        }
        XCTAssertTrue(FetchError.diskFull(path: "/c/x").description.hasPrefix("/c/x: no space left"))
        XCTAssertTrue(FetchError.io(path: "/c/x", message: "Permission denied").description.hasPrefix("/c/x: Permission denied"))
        XCTAssertTrue(FetchError.timeout(url: url, after: .milliseconds(1500)).description.contains("after 1.5 s"))
    }

    func testMillisecondsRoundUpSoABudgetNeverBecomesUnlimited() {
        XCTAssertEqual(Duration.nanoseconds(1).wholeMilliseconds, 1)
        XCTAssertEqual(Duration.seconds(2).wholeMilliseconds, 2000)
        XCTAssertEqual(Duration.milliseconds(1500).wholeMilliseconds, 1500)
    }
}
