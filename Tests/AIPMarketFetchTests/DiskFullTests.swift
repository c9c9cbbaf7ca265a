import AIPMarketFetch
import AIPTestSupport
import Foundation
import XCTest

/// A disk that fills up while the body arrives: reported as diskFull naming the file, nothing left behind.
final class DiskFullTests: FetchTestCase {
    /// `ulimit -f` in this process (SIGXFSZ ignored, so writes fail with EFBIG instead of killing it).
    /// XCTest runs the tests of one process one at a time, and the limit is restored before returning.
    func testFileSizeLimitIsReportedAsDiskFull() throws {
        _ = try serve("big.bin", count: 2_000_000)
        let url = server.url("ok", "big.bin")
        var previous = rlimit()
        XCTAssertEqual(getrlimit(fileSizeResource, &previous), 0)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = rlimit(rlim_cur: 256 * 1024, rlim_max: previous.rlim_max)
        XCTAssertEqual(setrlimit(fileSizeResource, &limited), 0)
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchFixtures.options()).download(DownloadRequest(url: url, maxSize: 10_000_000), to: destination())
        }
        setrlimit(fileSizeResource, &previous)
        signal(SIGXFSZ, previousHandler)
        XCTAssertEqual(error, .diskFull(path: destination()))
        XCTAssertTrue(error?.description.contains("no space left") == true)
        XCTAssertEqual(try server.requests().count, 1, "a full disk is not retried")
        assertNothingLeft(at: destination())
    }

    /// A real ENOSPC from a 256 KiB tmpfs (needs permission to mount; skipped otherwise).
    func testFullFileSystemIsReportedAsDiskFull() throws {
        _ = try serve("big.bin", count: 1_000_000)
        let mountPoint = downloads.path + "/tiny"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try runProcess("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint])
        guard mounted.status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (\(mounted.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines))); "
                          + "testFileSizeLimitIsReportedAsDiskFull covers the same path with EFBIG")
        }
        defer { _ = try? runProcess("/usr/bin/env", ["umount", mountPoint]) }
        let target = mountPoint + "/big.bin"
        let downloader = Downloader(options: FetchFixtures.options())

        // No Content-Length: the writes themselves hit ENOSPC.
        let unannounced = FetchFixtures.expectFailure {
            try downloader.download(DownloadRequest(url: server.url("nolength", "big.bin"), maxSize: 10_000_000), to: target)
        }
        XCTAssertEqual(unannounced, .diskFull(path: target))
        assertNothingLeft(at: target)

        // Announced: refused before the first byte is written.
        let announced = FetchFixtures.expectFailure {
            try downloader.download(DownloadRequest(url: server.url("ok", "big.bin"), maxSize: 10_000_000), to: target)
        }
        XCTAssertEqual(announced, .diskFull(path: target))
        assertNothingLeft(at: target)
        XCTAssertEqual(try server.requests().count, 2)
    }

    private var fileSizeResource: __rlimit_resource_t {
        __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    }
}
