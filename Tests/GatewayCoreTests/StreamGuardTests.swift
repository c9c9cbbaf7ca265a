@testable import GatewayCore
import XCTest

final class StreamGuardTests: XCTestCase {
    /// A guardrails stand-in: blocks "forbidden phrase", redacts e-mail-like words.
    static func check(_ text: String) throws(GatewayError) -> GuardVerdict? {
        if text.contains("forbidden phrase") { return GuardVerdict(action: "block", policy: "p", categories: ["banned"]) }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.contains(where: { $0.contains("@") }) else { return GuardVerdict(action: "allow", policy: "p") }
        return GuardVerdict(action: "redact", policy: "p", categories: ["email"],
                            redactedText: words.map { $0.contains("@") ? "[EMAIL_1]" : String($0) }.joined(separator: " "))
    }

    func stream(_ pieces: [String], holdback: Int = 20, every: Int = 5) -> (released: String, blocked: Bool) {
        var guarding = StreamGuard(holdback: holdback, checkEvery: every, check: Self.check)
        var released = ""
        do {
            for piece in pieces { released += try guarding.append(piece) }
            released += try guarding.finish()
            return (released, false)
        } catch {
            return (released, true)
        }
    }

    func testCleanTextPassesWhole() {
        let pieces = "the quick brown fox jumps over the lazy dog again and again".split(separator: " ").map { String($0) + " " }
        XCTAssertEqual(stream(pieces).released, pieces.joined())
        XCTAssertEqual(stream(pieces, holdback: 0, every: 1).released, pieces.joined())
    }

    func testABlockedPhraseNeverReachesTheClientHoweverItIsSplit() {
        let text = "some words before the forbidden phrase and after"
        for size in 1...8 {
            var pieces: [String] = []
            var rest = Substring(text)
            while !rest.isEmpty { pieces.append(String(rest.prefix(size))); rest = rest.dropFirst(size) }
            let result = stream(pieces)
            XCTAssertTrue(result.blocked, "size \(size)")
            XCTAssertFalse(result.released.contains("forbidden"), "size \(size): \(result.released)")
        }
    }

    func testRedactionMidStream() {
        let text = "please write to jane.roe@example.com for the details of the order"
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty { pieces.append(String(rest.prefix(3))); rest = rest.dropFirst(3) }
        let result = stream(pieces)
        XCTAssertFalse(result.blocked)
        XCTAssertEqual(result.released, "please write to [EMAIL_1] for the details of the order")
    }
}
