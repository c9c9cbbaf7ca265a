import AIPEvents
import XCTest

final class TopicPatternCoversTests: XCTestCase {
    private func assertCovers(_ outer: String, _ inner: String, _ expected: Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(pattern(outer).covers(pattern(inner)), expected,
                       "\(outer) \(expected ? "should" : "should not") cover \(inner)", file: file, line: line)
    }

    func testPermissionExamples() {
        assertCovers("llm.#", "llm.*", true)
        assertCovers("llm.#", "llm.token.stream", true)
        assertCovers("llm.#", "llm.#", true)
        assertCovers("llm.#", "llm", true)
        assertCovers("a.*", "a.#", false)  // a.# matches "a", which a.* does not
        assertCovers("llm.*", "llm.#", false)
        assertCovers("llm.#", "other.#", false)
        assertCovers("llm.#", "#", false)
    }

    func testLiteralsAndSingleWildcards() {
        assertCovers("a.b", "a.b", true)
        assertCovers("a.*", "a.b", true)
        assertCovers("a.b", "a.*", false)
        assertCovers("*.b", "a.*", false)
        assertCovers("*.*", "a.*", true)
        assertCovers("*", "a.b", false)
    }

    func testHashEverywhere() {
        assertCovers("#", "a.*.#", true)
        assertCovers("#", "#", true)
        assertCovers("#.b", "a.b", true)
        assertCovers("#.b", "a.#.b", true)
        assertCovers("a.#.b", "#.b", false)
        assertCovers("a.#.z", "a.*.z", true)
        assertCovers("a.*.z", "a.#.z", false)
    }

    func testEquivalentPatternsWrittenDifferently() {
        // Both mean "one or more segments"; a segment-by-segment comparison gets these wrong.
        assertCovers("*.#", "#.*", true)
        assertCovers("#.*", "*.#", true)
        assertCovers("#.#", "#", true)
        assertCovers("#", "#.#", true)
        assertCovers("*.#", "#", true)  // '#' alone could match zero segments, but no topic is empty
    }

    func testCoversAgreesWithMatchingOnSampleTopics() {
        let patterns = ["a", "a.b", "a.*", "a.#", "*.b", "#.b", "#", "*", "*.#", "a.#.b", "#.a.#"]
        let topics = ["a", "b", "a.b", "a.c", "b.b", "a.b.b", "a.x.b", "c.a.d", "a.a"]
        for outer in patterns {
            for inner in patterns where pattern(outer).covers(pattern(inner)) {
                for topic in topics where pattern(inner).matches(topic) {
                    XCTAssertTrue(pattern(outer).matches(topic), "\(outer) covers \(inner) but misses \(topic)")
                }
            }
        }
    }
}
