@testable import AIPMarketIndex
import XCTest

/// The three attacks the trust policy exists for (tampering, freezing, rollback), and the ways a
/// signature can be missing or wrong, each refused with a message that says which.
final class IndexTrustTests: XCTestCase {
    private let key = SigningKey()
    private lazy var bytes = Array(IndexSamples.index().serialized().utf8)
    private lazy var signature = Array(IndexSignature.sign(bytes, with: [key]).serialized().utf8)

    private func policy(keys: [TrustedKey]? = nil, allowUnsigned: Bool = false, lastSeen: SeenIndex? = nil,
                        now: Timestamp = IndexSamples.now) -> IndexTrustPolicy {
        IndexTrustPolicy(marketplace: "test", trustedKeys: keys ?? [key.publicKey], allowUnsigned: allowUnsigned,
                         lastSeen: lastSeen, now: now)
    }

    private func refusal(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("accepted", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testSignedIndexIsAccepted() throws {
        let accepted = try policy().accept(index: bytes, signature: signature, source: "idx")
        XCTAssertEqual(accepted.signedBy, key.publicKey)
        XCTAssertEqual(accepted.index.packages.count, 2)
        XCTAssertEqual(accepted.sha256.count, 64)
    }

    func testOneFlippedByteIsTampering() {
        var tampered = bytes
        let offset = tampered.firstIndex(of: UInt8(ascii: "G"))!
        tampered[offset] = UInt8(ascii: "H")
        let message = refusal { _ = try policy().accept(index: tampered, signature: signature, source: "idx") }
        XCTAssertTrue(message.contains("was modified after it was signed"), message)
    }

    func testWrongKeyIsNamed() {
        let stranger = SigningKey()
        let foreign = Array(IndexSignature.sign(bytes, with: [stranger]).serialized().utf8)
        let message = refusal { _ = try policy().accept(index: bytes, signature: foreign, source: "idx") }
        XCTAssertTrue(message.contains("does not trust"), message)
        XCTAssertTrue(message.contains(stranger.publicKey.fingerprint), message)
        XCTAssertTrue(message.contains(key.publicKey.fingerprint), message)
    }

    func testUnsignedIsRefusedUnlessAllowed() throws {
        let message = refusal { _ = try policy().accept(index: bytes, signature: nil, source: "idx") }
        XCTAssertTrue(message.contains("is not signed"), message)
        XCTAssertTrue(message.contains("--allow-unsigned"), message)
        XCTAssertNil(try policy(allowUnsigned: true).accept(index: bytes, signature: nil, source: "idx").signedBy)
        // Allowing unsigned indexes never excuses a bad signature.
        var tampered = bytes
        tampered[tampered.count - 3] = UInt8(ascii: " ")
        XCTAssertTrue(refusal { _ = try policy(allowUnsigned: true).accept(index: tampered, signature: signature, source: "idx") }
            .contains("modified"))
    }

    func testExpiredIndexIsAFreeze() {
        let late = Timestamp(rfc3339: "2027-01-03T00:00:00Z")!
        let message = refusal { _ = try policy(now: late).accept(index: bytes, signature: signature, source: "idx") }
        XCTAssertTrue(message.contains("expired at 2027-01-01T00:00:00Z (2 days ago)"), message)
    }

    func testOlderIndexIsARollback() throws {
        let seen = SeenIndex(version: 5, sha256: String(repeating: "0", count: 64), seenAt: IndexSamples.now)
        let message = refusal { _ = try policy(lastSeen: seen).accept(index: bytes, signature: signature, source: "idx") }
        XCTAssertTrue(message.contains("version 1, older than version 5"), message)
        XCTAssertTrue(message.contains("rollback"), message)
    }

    func testSameVersionWithOtherContentsIsRefusedAndTheSameFileIsFine() throws {
        let accepted = try policy().accept(index: bytes, signature: signature, source: "idx")
        let same = SeenIndex(version: 1, sha256: accepted.sha256, seenAt: IndexSamples.now)
        XCTAssertNoThrow(try policy(lastSeen: same).accept(index: bytes, signature: signature, source: "idx"))
        let other = SeenIndex(version: 1, sha256: String(repeating: "1", count: 64), seenAt: IndexSamples.now)
        XCTAssertTrue(refusal { _ = try policy(lastSeen: other).accept(index: bytes, signature: signature, source: "idx") }
            .contains("different contents"))
    }

    func testKeyRotationAcceptsEitherTrustedSigner() throws {
        let next = SigningKey()
        let both = Array(IndexSignature.sign(bytes, with: [next, key]).serialized().utf8)
        XCTAssertEqual(try policy(keys: [key.publicKey]).accept(index: bytes, signature: both, source: "idx").signedBy, key.publicKey)
        XCTAssertEqual(try policy(keys: [next.publicKey]).accept(index: bytes, signature: both, source: "idx").signedBy, next.publicKey)
    }

    func testMalformedSignatureFilesAndKeysAreNamed() throws {
        XCTAssertTrue(refusal { _ = try policy().accept(index: bytes, signature: Array("garbage".utf8), source: "idx") }
            .contains("idx.sig: is not a signature file"))
        let short = Array(#"{"signatures":[{"key":"\#(key.publicKey)","signature":"AAAA"}]}"#.utf8)
        XCTAssertTrue(refusal { _ = try policy().accept(index: bytes, signature: short, source: "idx") }
            .contains("signatures[0].signature"))
        XCTAssertThrowsError(try TrustedKey(parsing: "rsa:AAAA"))
        XCTAssertThrowsError(try TrustedKey(parsing: "ed25519:AAAA"))
        XCTAssertEqual(try TrustedKey(parsing: key.publicKey.description), key.publicKey)
        XCTAssertThrowsError(try SigningKey(fileContents: "ed25519-private:xx", file: "k"))
        let reread = try SigningKey(fileContents: key.fileContents, file: "k")
        XCTAssertEqual(reread.publicKey, key.publicKey)
    }
}
