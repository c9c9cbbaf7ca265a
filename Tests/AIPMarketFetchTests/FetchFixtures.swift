import AIPMarketFetch
import AIPTestSupport
import Crypto
import Foundation
import XCTest

/// Test data and shorthands shared by the fetcher's test cases.
enum FetchFixtures {
    /// Deterministic, incompressible-looking bytes.
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Fast retries so failure paths finish quickly.
    static func options(retries: Int = 3, stall: StallLimit = StallLimit(bytesPerSecond: 1024, seconds: 30),
                        totalTimeout: Duration = .seconds(60)) -> FetchOptions {
        FetchOptions(retries: retries, backoffBase: .milliseconds(10), backoffCap: .milliseconds(50),
                     connectTimeout: .seconds(5), stall: stall, totalTimeout: totalTimeout, progress: .quiet,
                     userAgent: "aip/test")
    }

    /// Runs `body` and returns the FetchError it threw, failing the test when it threw none.
    static func expectFailure<T>(_ body: () throws -> T, file: StaticString = #filePath,
                                 line: UInt = #line) -> FetchError? {
        do {
            let value = try body()
            XCTFail("expected a FetchError, got \(value)", file: file, line: line)
        } catch let error as FetchError {
            return error
        } catch {
            XCTFail("expected a FetchError, got \(error)", file: file, line: line)
        }
        return nil
    }
}

/// A served directory and a download directory per test.
class FetchTestCase: XCTestCase {
    var served: TemporaryDirectory!
    var downloads: TemporaryDirectory!
    var server: RangeServer!

    override func setUpWithError() throws {
        served = try TemporaryDirectory()
        downloads = try TemporaryDirectory()
        server = try makeServer()
    }

    /// The server a test case talks to; plain HTTP unless overridden.
    func makeServer() throws -> RangeServer {
        try RangeServer(root: served.path)
    }

    override func tearDown() {
        server?.stop()
        server = nil
        served = nil
        downloads = nil
    }

    /// Puts `count` bytes under `name` in the served directory and returns them.
    func serve(_ name: String, count: Int, seed: UInt64 = 1) throws -> [UInt8] {
        let bytes = FetchFixtures.bytes(count, seed: seed)
        try FetchFixtures.write(bytes, to: served.path + "/" + name)
        return bytes
    }

    func destination(_ name: String = "out.bin") -> String {
        downloads.path + "/" + name
    }

    /// No file and no `.part` at `path`.
    func assertNothingLeft(at path: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(FetchFixtures.exists(path), "\(path) should not exist", file: file, line: line)
        XCTAssertFalse(FetchFixtures.exists(path + ".part"), "\(path).part should not exist", file: file, line: line)
    }
}
