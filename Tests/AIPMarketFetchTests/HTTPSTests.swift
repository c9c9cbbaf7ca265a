import AIPMarketFetch
import AIPTestSupport
import Foundation
import XCTest

/// https against the fixture server wrapped in TLS with a throw-away self-signed certificate.
final class HTTPSTests: FetchTestCase {
    private var certificates: TemporaryDirectory!
    private var certificatePath: String { certificates.path + "/cert.pem" }

    override func makeServer() throws -> RangeServer {
        certificates = try TemporaryDirectory()
        let made = try runProcess("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", certificates.path + "/key.pem", "-out", certificatePath, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        guard made.status == 0 else {
            throw XCTSkip("the openssl command cannot make a test certificate here: \(made.errorOutput)")
        }
        return try RangeServer(root: served.path, tls: (certificatePath, certificates.path + "/key.pem"))
    }

    override func tearDown() {
        super.tearDown()
        certificates = nil
    }

    func testHTTPSDownloadResumesWithTheMarketplaceCA() throws {
        let bytes = try serve("a.aipkg", count: 600_000)
        var options = FetchFixtures.options()
        options.caBundlePath = certificatePath
        let result = try Downloader(options: options)
            .download(DownloadRequest(url: server.url("dieonce-200000", "a.aipkg"), expectedSHA256: FetchFixtures.sha256(bytes),
                                      expectedSize: 600_000, maxSize: 1_000_000), to: destination())
        XCTAssertTrue(server.url("ok", "a.aipkg").hasPrefix("https://"))
        XCTAssertTrue(result.resumed)
        XCTAssertEqual(try FetchFixtures.read(destination()), bytes)
        XCTAssertEqual(try server.requests(trusting: certificatePath).map(\.range), [nil, "bytes=200000-"])
    }

    func testUntrustedCertificateFailsAtOnce() throws {
        _ = try serve("b.aipkg", count: 1000)
        let url = server.url("ok", "b.aipkg")
        let started = ContinuousClock.now
        let error = FetchFixtures.expectFailure {
            try Downloader(options: FetchOptions(retries: 4, backoffBase: .seconds(2), progress: .quiet))
                .download(DownloadRequest(url: url, maxSize: 10_000), to: destination())
        }
        guard case .network(let failedURL, let message)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failedURL, url)
        XCTAssertTrue(message.lowercased().contains("certificate"), message)
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(1500), "a certificate problem is not retried")
        assertNothingLeft(at: destination())
    }
}
