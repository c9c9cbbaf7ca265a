import AIPEvents
import XCTest

final class TopicPatternParsingTests: XCTestCase {
    func testAcceptsWellFormedPatterns() throws {
        for text in ["a", "a.b", "llm.token-stream.v_2", "*", "#", "a.*.c", "#.x", "a.#", "*.*", "#.#", "A-Z_09"] {
            XCTAssertEqual(try TopicPattern(text).text, text)
        }
    }

    func testRefusalsNameThePatternAndTheProblem() {
        let cases: [(String, String)] = [
            ("", "invalid topic pattern '': it is empty"),
            ("a..b", "invalid topic pattern 'a..b': segment 2 is empty"),
            (".a", "invalid topic pattern '.a': segment 1 is empty"),
            ("a.", "invalid topic pattern 'a.': segment 2 is empty"),
            ("a.b*", "invalid topic pattern 'a.b*': segment 2 'b*' mixes '*' with other characters"),
            ("x.#y", "invalid topic pattern 'x.#y': segment 2 '#y' mixes '#' with other characters"),
            ("a b", "invalid topic pattern 'a b': segment 1 'a b' contains ' '"),
            ("a/b", "invalid topic pattern 'a/b': segment 1 'a/b' contains '/'"),
            ("café", "invalid topic pattern 'café': segment 1 'café' contains '\\u{00E9}'"),
            ("tab\there", "invalid topic pattern 'tab\there': segment 1 'tab\there' contains '\\t'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TopicPattern(text), text) { error in
                let message = (error as? EventBusError)?.message ?? "\(error)"
                XCTAssertTrue(message.hasPrefix(expected), "'\(message)' should start with '\(expected)'")
            }
        }
    }

    func testConcreteTopicsRefuseWildcards() {
        for topic in ["a.*", "#", "a.#.b"] {
            XCTAssertThrowsError(try EventTopic.validate(topic), topic) { error in
                XCTAssertTrue((error as? EventBusError)?.message.contains("a concrete topic has no wildcards") ?? false,
                              "\(error)")
                XCTAssertTrue("\(error)".contains("invalid topic '\(topic)'"), "\(error)")
            }
        }
    }

    func testConcreteTopicsFollowTheSameSegmentRules() {
        XCTAssertNoThrow(try EventTopic.validate("llm.token.stream"))
        XCTAssertNoThrow(try EventBus.validateTopic("plugin-1.status_changed"))
        for topic in ["", "a..b", "a.", "a b", "a.b*"] {
            XCTAssertThrowsError(try EventTopic.validate(topic), topic)
            XCTAssertThrowsError(try EventBus.validateTopic(topic), topic)
        }
    }

    func testEqualityAndDescriptionFollowTheText() throws {
        XCTAssertEqual(try TopicPattern("a.*"), try TopicPattern("a.*"))
        XCTAssertNotEqual(try TopicPattern("a.*"), try TopicPattern("a.#"))
        XCTAssertEqual(Set([try TopicPattern("x"), try TopicPattern("x")]).count, 1)
        XCTAssertEqual(try TopicPattern("a.#").description, "a.#")
    }
}
