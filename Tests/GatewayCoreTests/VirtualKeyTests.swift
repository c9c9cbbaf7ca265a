import AIPConfig
import AIPTestSupport
@testable import GatewayCore
import XCTest

final class VirtualKeyTests: XCTestCase {
    func testCreateAuthenticateRevokeAndOnlyTheHashIsStored() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/keys.sqlite"
        let keys = try VirtualKeys(store: try VirtualKeyStore(path: path), required: true)
        let (key, secret) = try keys.create(try JSONParser.parse(#"{"name": "ci", "project": "alpha", "allowed_models": ["echo"], "rpm": 5}"#))
        XCTAssertTrue(secret.hasPrefix("sk-gw-"))
        XCTAssertEqual(key.user, key.id, "usage is attributed to the key when no user is given")
        let caller = try keys.authenticate(secret)
        XCTAssertEqual(caller.keyID, key.id)
        XCTAssertEqual(caller.project, "alpha")
        XCTAssertEqual(caller.allowedModels, ["echo"])
        XCTAssertEqual(caller.rpm, 5)
        XCTAssertThrowsError(try keys.authenticate("sk-gw-wrong")) { XCTAssertEqual(($0 as? GatewayError)?.status, 401) }
        XCTAssertThrowsError(try keys.authenticate(nil)) { XCTAssertEqual(($0 as? GatewayError)?.status, 401) }

        let file = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        XCTAssertNil(file.range(of: Data(secret.utf8)), "the secret is never written")
        XCTAssertNotNil(file.range(of: Data(VirtualKeyStore.hash(secret).utf8)))

        // A second instance on the same file knows the key (it survives a restart).
        let reopened = try VirtualKeys(store: try VirtualKeyStore(path: path), required: false)
        XCTAssertEqual(try reopened.authenticate(secret).keyID, key.id)
        XCTAssertNil(try reopened.authenticate("unknown").keyID, "not required: unknown keys are anonymous")

        try keys.revoke(id: key.id)
        XCTAssertThrowsError(try keys.authenticate(secret)) { XCTAssertTrue("\($0)".contains("revoked")) }
        XCTAssertEqual(try keys.list().first?.revokedAtMs != nil, true)
        XCTAssertThrowsError(try keys.revoke(id: "key_nope")) { XCTAssertEqual(($0 as? GatewayError)?.status, 404) }
        XCTAssertThrowsError(try keys.create(try JSONParser.parse(#"{"allowed_models": "echo"}"#))) {
            XCTAssertEqual(($0 as? GatewayError)?.param, "allowed_models")
        }
        XCTAssertNil(key.json["hash"], "listings never show the hash")
    }
}
