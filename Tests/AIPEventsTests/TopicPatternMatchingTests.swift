import AIPEvents
import XCTest

final class TopicPatternMatchingTests: XCTestCase {
    /// pattern, topics it matches, topics it does not.
    private let table: [(String, [String], [String])] = [
        ("a.b", ["a.b"], ["a", "a.b.c", "a.c", "b.a", "a.bb"]),
        ("a.*", ["a.b", "a.x-y"], ["a", "a.b.c", "b.a"]),
        ("*", ["a", "zzz"], ["a.b"]),
        ("*.*", ["a.b"], ["a", "a.b.c"]),
        ("a.*.c", ["a.b.c", "a.x.c"], ["a.c", "a.b.b.c", "a.b.d"]),
        ("#", ["a", "a.b", "a.b.c.d"], []),
        // '#' at the end, including matching zero segments.
        ("a.#", ["a", "a.b", "a.b.c"], ["b", "ab", "b.a"]),
        // '#' at the start.
        ("#.z", ["z", "a.z", "a.b.z"], ["z.a", "a", "a.zz"]),
        // '#' in the middle.
        ("a.#.z", ["a.z", "a.b.z", "a.b.c.z"], ["a", "z", "a.b", "a.z.b", "b.a.z"]),
        ("#.a.#", ["a", "x.a", "a.x", "x.a.y", "a.a"], ["x", "x.y"]),
        ("*.#", ["a", "a.b", "a.b.c"], []),
        ("#.*.#.b", ["a.b", "a.x.b", "b.b"], ["b", "a"]),
        ("a.#.#.b", ["a.b", "a.x.b", "a.x.y.b"], ["a", "b"]),
    ]

    func testMatchingTable() throws {
        for (text, matching, notMatching) in table {
            let pattern = try TopicPattern(text)
            for topic in matching { XCTAssertTrue(pattern.matches(topic), "\(text) should match \(topic)") }
            for topic in notMatching { XCTAssertFalse(pattern.matches(topic), "\(text) should not match \(topic)") }
        }
    }

    func testManyHashesStayFast() throws {
        // A backtracking matcher takes exponential time here; the position-set matcher is linear.
        let pattern = try TopicPattern(Array(repeating: "#", count: 20).joined(separator: ".") + ".end")
        let topic = Array(repeating: "x", count: 40).joined(separator: ".")
        XCTAssertFalse(pattern.matches(topic))
        XCTAssertTrue(pattern.matches(topic + ".end"))
    }
}
