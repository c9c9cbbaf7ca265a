import AIPMarketFetch
@_exported import AIPTestSupport
import Crypto
import Foundation
import XCTest

/// The fetcher against a real HTTP server on 127.0.0.1 that misbehaves on purpose
/// (Fixtures/range_server.py), and against file:// URLs.
final class FetchTests: XCTestCase {
    private static let size = 300_000
    private static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/range_server.py").path

    private var server: Process?
    private var port = 0
    private var folder: TemporaryDirectory!

    override func setUpWithError() throws {
        folder = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixture, String(Self.size)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        XCTAssertGreaterThan(port, 0, "the fixture server did not print its port")
        server = process
    }

    override func tearDown() {
        server?.terminate()
        server?.waitUntilExit()
        folder = nil
    }

    private func url(_ mode: String, _ name: String = "file.aipkg") -> String { "http://127.0.0.1:\(port)/\(mode)/\(name)" }

    private func fastOptions() -> FetchOptions {
        var options = FetchOptions()
        options.backoff = 0.05
        options.progress = .quiet
        return options
    }

    private func expectedDigest() throws -> String {
        let body = try Downloader(options: fastOptions()).fetchBytes(url: url("ok", "reference"), maxSize: Self.size)
        XCTAssertEqual(body.count, Self.size)
        return SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }

    private func rangesSeen() throws -> [String] {
        let text = String(decoding: try Downloader(options: fastOptions()).fetchBytes(url: url("log"), maxSize: 1 << 20), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    func testPlainDownloadIsVerifiedAndPlaced() throws {
        let digest = try expectedDigest()
        let target = folder.path + "/out"
        let result = try Downloader(options: fastOptions()).download(
            DownloadRequest(url: url("ok"), expectedSHA256: digest, expectedSize: Int64(Self.size), maxSize: 1 << 30), to: target)
        XCTAssertEqual(result.sha256, digest)
        XCTAssertEqual(result.bytes, Int64(Self.size))
        XCTAssertEqual(result.attempts, 1)
        XCTAssertFalse(result.resumed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + ".part"))
    }

    func testAConnectionDroppedMidwayIsResumedWithARangeRequest() throws {
        let digest = try expectedDigest()
        let result = try Downloader(options: fastOptions()).download(
            DownloadRequest(url: url("die-once"), expectedSHA256: digest, maxSize: 1 << 30), to: folder.path + "/out")
        XCTAssertEqual(result.attempts, 2)
        XCTAssertTrue(result.resumed)
        XCTAssertEqual(result.sha256, digest)
        let ranges = try rangesSeen()
        XCTAssertTrue(ranges.contains { $0.hasPrefix("bytes=") && $0 != "bytes=0-" }, "\(ranges)")
    }

    func testAServerThatIgnoresRangeRestartsCleanly() throws {
        let digest = try expectedDigest()
        let target = folder.path + "/out"
        // A stale partial file from an earlier run, which this server will not continue.
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: target + ".part"))
        let result = try Downloader(options: fastOptions()).download(
            DownloadRequest(url: url("no-range"), expectedSHA256: digest, maxSize: 1 << 30), to: target)
        XCTAssertEqual(result.sha256, digest)
        XCTAssertFalse(result.resumed)
    }

    func testAServerThatAlwaysDiesFailsWithoutLeavingAFile() throws {
        var options = fastOptions()
        options.retries = 2
        let target = folder.path + "/out"
        XCTAssertThrowsError(try Downloader(options: options).download(
            DownloadRequest(url: url("die-always"), maxSize: 1 << 30), to: target)) { error in
            XCTAssertTrue("\(error)".contains("127.0.0.1"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + ".part"))
    }

    func testNotFoundIsNotRetriedAndServerErrorsAre() throws {
        let missing = url("missing")
        XCTAssertThrowsError(try Downloader(options: fastOptions()).download(DownloadRequest(url: missing, maxSize: 1 << 20),
                                                                            to: folder.path + "/a")) { error in
            XCTAssertEqual(error as? FetchError, .notFound(url: missing))
        }
        XCTAssertEqual(try rangesSeen().count, 1, "a 404 is final")
        let result = try Downloader(options: fastOptions()).download(DownloadRequest(url: url("flaky"), maxSize: 1 << 30),
                                                                     to: folder.path + "/b")
        XCTAssertEqual(result.attempts, 2)
    }

    func testAStalledTransferTimesOut() throws {
        var options = fastOptions()
        options.retries = 0
        options.stallSeconds = 1
        options.stallBytesPerSecond = 1000
        let started = Date()
        XCTAssertThrowsError(try Downloader(options: options).download(DownloadRequest(url: url("stall"), maxSize: 1 << 30),
                                                                      to: folder.path + "/out")) { error in
            guard case .timeout = error as? FetchError else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
    }

    func testOversizedBodiesAreCutOffEarlyAndWrongHashesDeleted() throws {
        let target = folder.path + "/out"
        XCTAssertThrowsError(try Downloader(options: fastOptions()).download(
            DownloadRequest(url: url("ok"), expectedSize: 1000, maxSize: 1 << 30), to: target)) { error in
            XCTAssertEqual(error as? FetchError, .tooLarge(url: url("ok"), limit: 1000))
        }
        XCTAssertThrowsError(try Downloader(options: fastOptions()).download(
            DownloadRequest(url: url("ok"), expectedSHA256: String(repeating: "0", count: 64), maxSize: 1 << 30), to: target)) { error in
            guard case .checksumMismatch = error as? FetchError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("tampered"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + ".part"))
    }

    func testFileURLsAndTheCache() throws {
        let digest = try expectedDigest()
        let source = folder.path + "/source.bin"
        // The same bytes the server serves, written by the same generator.
        let written = try runProcess("/usr/bin/env", ["python3", "-c",
            "import random,sys; open(sys.argv[1], 'wb').write(random.Random(42).randbytes(\(Self.size)))", source])
        XCTAssertEqual(written.status, 0, written.errorOutput)
        let cache = ContentCache(directory: folder.path + "/cache")
        let request = DownloadRequest(url: "file://" + source, expectedSHA256: digest, maxSize: 1 << 30)
        let first = try cache.fetch(request, using: Downloader(options: fastOptions()))
        XCTAssertEqual(first.attempts, 1)
        try FileManager.default.removeItem(atPath: source)
        server?.terminate()
        let second = try cache.fetch(request, using: Downloader(options: fastOptions()))
        XCTAssertEqual(second.attempts, 0, "a cache hit needs no network")
        XCTAssertEqual(second.path, first.path)
        // A damaged cache entry is noticed and not used.
        try Data("junk".utf8).write(to: URL(fileURLWithPath: first.path))
        XCTAssertNil(cache.cached(sha256: digest))
        XCTAssertThrowsError(try cache.fetch(request, using: Downloader(options: fastOptions()))) { error in
            XCTAssertEqual(error as? FetchError, .notFound(url: "file://" + source))
        }
    }

    func testConcurrentDownloadsIntoOneCache() throws {
        let digest = try expectedDigest()
        let cache = ContentCache(directory: folder.path + "/cache")
        let failures = FailureLog()
        let port = self.port
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            var options = FetchOptions()
            options.progress = .quiet
            let request = DownloadRequest(url: "http://127.0.0.1:\(port)/ok/copy-\(index)", expectedSHA256: index % 2 == 0 ? digest : nil,
                                          maxSize: 1 << 30)
            do {
                if index % 2 == 0 {
                    _ = try cache.fetch(request, using: Downloader(options: options))
                } else {
                    _ = try Downloader(options: options).download(request, to: cache.directory + "/plain-\(index)")
                }
            } catch {
                failures.add("\(index): \(error)")
            }
        }
        XCTAssertEqual(failures.entries, [])
        XCTAssertNotNil(cache.cached(sha256: digest))
    }

    func testAFullDiskIsReportedAndLeavesNoFile() throws {
        // /dev/full accepts opening and fails every write with ENOSPC.
        let sink = folder.path + "/full"
        try FileManager.default.createSymbolicLink(atPath: sink + ".part", withDestinationPath: "/dev/full")
        XCTAssertThrowsError(try Downloader(options: fastOptions()).download(DownloadRequest(url: url("ok"), maxSize: 1 << 30),
                                                                            to: sink)) { error in
            guard case .diskFull(let path, _) = error as? FetchError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, sink + ".part")
            XCTAssertTrue("\(error)".contains("free some space"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: sink))
    }
}

private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    func add(_ entry: String) { lock.lock(); log.append(entry); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return log }
}

extension FileHandle {
    /// Reads until the first newline (the fixture prints its port on one line).
    func availableDataUntilNewline() -> Data {
        var data = Data()
        while true {
            let chunk = (try? read(upToCount: 1)) ?? Data()
            if chunk.isEmpty || chunk == Data("\n".utf8) { return data }
            data.append(chunk)
        }
    }
}
