import Foundation
import HTTPCore
import XCTest

/// The per-request shortcuts of the http plugin: remembered tokens and inline calls.
final class CallPathTests: XCTestCase {
    func testVerifiedTokensAreRememberedButUnknownOnesNever() {
        let store = TokenStore([
            TokenEntry(name: "admin", sha256: TokenStore.hash("s3cret"), capabilities: ["*"]),
            TokenEntry(name: "reader", sha256: TokenStore.hash("r34d"), capabilities: ["prompt.*"]),
        ])
        let verifier = TokenVerifier(store, capacity: 1)
        XCTAssertEqual(verifier.authenticate(authorization: nil), .missing)
        XCTAssertEqual(verifier.authenticate(authorization: "Bearer \t "), .missing)
        XCTAssertEqual(verifier.authenticate(authorization: "Bearerx s3cret"), .missing)
        for _ in 0..<3 { XCTAssertEqual(verifier.authenticate(authorization: "Bearer wrong"), .unknown) }
        XCTAssertEqual(verifier.rememberedCount, 0, "a token that did not verify is never remembered")

        guard case .accepted(let admin) = verifier.authenticate(authorization: "BEARER  s3cret ") else { return XCTFail("admin refused") }
        XCTAssertEqual(admin.name, "admin")
        XCTAssertEqual(verifier.rememberedCount, 1)
        // Remembered: answered from the cache, still by a full comparison of the token.
        guard case .accepted(let again) = verifier.authenticate(authorization: "Bearer s3cret") else { return XCTFail("admin refused") }
        XCTAssertEqual(again.name, "admin")
        XCTAssertEqual(verifier.authenticate(authorization: "Bearer s3cre"), .unknown)
        XCTAssertEqual(verifier.authenticate(authorization: "Bearer s3cretx"), .unknown)

        // Bounded: a second token replaces the first, and both keep working.
        guard case .accepted(let reader) = verifier.authenticate(authorization: "Bearer r34d") else { return XCTFail("reader refused") }
        XCTAssertEqual(reader.name, "reader")
        XCTAssertEqual(verifier.rememberedCount, 1)
        guard case .accepted = verifier.authenticate(authorization: "Bearer s3cret") else { return XCTFail("admin refused after eviction") }

        // A new token list (reconfiguration) is a new verifier: the old tokens are gone.
        let rotated = TokenVerifier(TokenStore([TokenEntry(name: "new", sha256: TokenStore.hash("n3w"), capabilities: ["*"])]))
        XCTAssertEqual(rotated.authenticate(authorization: "Bearer s3cret"), .unknown)
    }

    private let second: UInt64 = 1_000_000_000

    func testOnlyQuickCallsToInProcessThreadSafePluginsRunInline() {
        let placement = CallPlacement()
        XCTAssertTrue(placement.needsRefresh(for: "fx.echo", now: 0), "nothing is known before the first look")
        XCTAssertFalse(placement.needsRefresh(for: "fx.echo", now: 0), "one look at a time")
        placement.update(providers: [
            .init(name: "fx-echo", state: "running", isolation: "in-process", threadSafe: true, provides: ["fx.echo", "fx.shared"]),
            .init(name: "fx-crash", state: "running", isolation: "process", threadSafe: true, provides: ["fx.crash.pid"]),
            .init(name: "fx-serial", state: "running", isolation: "in-process", threadSafe: false, provides: ["fx.serial", "fx.shared"]),
            .init(name: "fx-off", state: "disabled", isolation: "in-process", threadSafe: true, provides: ["fx.off"]),
        ], now: 0)
        XCTAssertEqual(placement.place("fx.echo", now: 1), .pool, "no call measured yet")
        placement.record("fx.echo", nanoseconds: 5_000, now: 1)
        XCTAssertEqual(placement.place("fx.echo", now: 2), .inline)
        for capability in ["fx.crash.pid", "fx.serial", "fx.shared", "fx.off", "host.health"] {
            placement.record(capability, nanoseconds: 5_000, now: 1)
            XCTAssertEqual(placement.place(capability, now: 2), .pool, "\(capability): isolated, not thread-safe or unknown")
        }

        // One slow call sends the capability to the pool for the cool-down, whatever the average.
        placement.record("fx.echo", nanoseconds: 2_000_000, now: 10)
        XCTAssertEqual(placement.place("fx.echo", now: 10 + second / 2), .pool)
        for _ in 0..<40 { placement.record("fx.echo", nanoseconds: 5_000, now: 10 + second / 2) }
        XCTAssertEqual(placement.place("fx.echo", now: 10 + second + 1), .inline)
        // A capability that became slow on average stays on the pool.
        for _ in 0..<40 { placement.record("fx.echo", nanoseconds: 500_000, now: 3 * second) }
        XCTAssertEqual(placement.place("fx.echo", now: 3 * second), .pool)
        for _ in 0..<40 { placement.record("fx.echo", nanoseconds: 5_000, now: 3 * second) }
        XCTAssertEqual(placement.place("fx.echo", now: 3 * second), .inline)

        // Unknown capabilities ask for a new look at most once per interval.
        XCTAssertFalse(placement.needsRefresh(for: "fx.new", now: second / 2))
        XCTAssertFalse(placement.needsRefresh(for: "fx.echo", now: 5 * second), "known capabilities never ask")
        XCTAssertTrue(placement.needsRefresh(for: "fx.new", now: second))
        placement.refreshFailed()

        // A change (enable, disable, reload, config reload) stops inline calls until the next look.
        placement.invalidate()
        XCTAssertEqual(placement.place("fx.echo", now: 3 * second), .pool)
        XCTAssertTrue(placement.needsRefresh(for: "fx.echo", now: 3 * second))
        placement.update(providers: [
            .init(name: "fx-echo", state: "running", isolation: "process", threadSafe: true, provides: ["fx.echo"]),
        ], now: 3 * second)
        XCTAssertEqual(placement.place("fx.echo", now: 3 * second), .pool, "now isolated")

        // A look that began before a change is not trusted.
        placement.invalidate()
        XCTAssertTrue(placement.needsRefresh(for: nil, now: 4 * second))
        placement.invalidate()
        placement.update(providers: [
            .init(name: "fx-echo", state: "running", isolation: "in-process", threadSafe: true, provides: ["fx.echo"]),
        ], now: 4 * second)
        XCTAssertEqual(placement.place("fx.echo", now: 4 * second), .pool)
        XCTAssertTrue(placement.needsRefresh(for: "fx.echo", now: 4 * second))
    }
}
