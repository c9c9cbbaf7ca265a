@testable import AIPMarketResolver
import XCTest

final class NameSuggestionsTests: XCTestCase {
    private let known = ["gateway", "gateways", "http", "https", "prompt", "prompt-cache", "guardrails", "log"]

    func testTyposFindTheIntendedName() {
        XCTAssertEqual(NameSuggestions.nearest(to: "gatewy", among: known), ["gateway", "gateways"])
        XCTAssertEqual(NameSuggestions.nearest(to: "htp", among: known), ["http"])
        XCTAssertEqual(NameSuggestions.nearest(to: "gaurdrails", among: known), ["guardrails"], "a transposition is one edit")
        XCTAssertEqual(NameSuggestions.nearest(to: "Prompt", among: known).first, "prompt", "case does not count")
    }

    func testAPartOfALongerNameFindsIt() {
        XCTAssertEqual(NameSuggestions.nearest(to: "cache", among: known), ["prompt-cache"])
    }

    func testFarNamesAreNotSuggested() {
        XCTAssertEqual(NameSuggestions.nearest(to: "kubernetes", among: known), [])
        XCTAssertEqual(NameSuggestions.nearest(to: "x", among: known), [])
    }

    func testAtMostThreeNearestFirst() {
        let many = ["aaa4", "aaa1", "abb", "aaa3", "aab", "aaa2"]
        // Distance 1 each, then by name; "abb" (distance 2) never makes it.
        XCTAssertEqual(NameSuggestions.nearest(to: "aaa", among: many), ["aaa1", "aaa2", "aaa3"])
    }

    func testEditDistance() {
        XCTAssertEqual(NameSuggestions.editDistance(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(NameSuggestions.editDistance(Array(""), Array("abc")), 3)
        XCTAssertEqual(NameSuggestions.editDistance(Array("ab"), Array("ba")), 1)
    }
}
