@testable import AIPluginKit
import Foundation
import XCTest

/// The encoder's output format and its handling of every container pattern.
final class KitJSONEncoderTests: XCTestCase {
    enum Key: String, CodingKey { case a, b, c, d, `super` }

    /// Encodes whatever `body` writes into the encoder.
    private struct Writer: Encodable {
        let body: (any Encoder) throws -> Void
        func encode(to encoder: any Encoder) throws { try body(encoder) }
    }

    private func encoded(_ body: @escaping (any Encoder) throws -> Void) throws -> String {
        try kitEncode(Writer(body: body))
    }

    func testCompactOutputAndEscaping() throws {
        XCTAssertEqual(try kitEncode(["k": ["a/b", "\"q\"", "back\\slash", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}", "é😀\u{7F}"]]),
                       #"{"k":["a/b","\"q\"","back\\slash","\u0000\u0001\b\t\n\f\r\u001f","é😀\#u{7F}"]}"#)
        XCTAssertEqual(try kitEncode([String: [Int]]()), "{}")
        XCTAssertEqual(try kitEncode([[Int]]([[], []])), "[[],[]]")
        XCTAssertEqual(try kitEncode([Bool?.none, true, false]), "[null,true,false]")
        // Long strings go through the word-at-a-time scan: escapes at every position.
        for position in 0..<40 {
            var characters = Array(repeating: Character("x"), count: 40)
            characters[position] = "\""
            XCTAssertEqual(try kitEncode(String(characters)), "\"" + String(characters).replacingOccurrences(of: "\"", with: "\\\"") + "\"")
        }
    }

    func testOptionalMembersAreOmittedWhenNil() throws {
        struct Sparse: Encodable { var a: Int? = nil; var b: String? = "x"; var c: [Int]? = nil }
        XCTAssertEqual(try kitEncode(Sparse()), #"{"b":"x"}"#)
        XCTAssertEqual(try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeNil(forKey: .a)
            try container.encodeIfPresent(Int?.none, forKey: .b)
            try container.encodeIfPresent(3, forKey: .c)
        }, #"{"a":null,"c":3}"#)
    }

    func testValuesThatEncodeNothing() {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        XCTAssertEqual(try kitEncode([Nothing()]), "[{}]")
        XCTAssertEqual(try kitEncode(["a": Nothing()]), #"{"a":{}}"#)
        XCTAssertThrowsError(try kitEncode(Nothing())) { error in
            guard case .invalidValue(_, let context) = error as? EncodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "Top-level Nothing did not encode any values.")
        }
    }

    func testNestedContainersAndSuperEncoders() throws {
        XCTAssertEqual(try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .a)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .b)
            try nested.encode("x", forKey: .a)
            var list = nested.nestedUnkeyedContainer(forKey: .b)
            try list.encode(true)
            var inner = list.nestedContainer(keyedBy: Key.self)
            try inner.encode(2, forKey: .c)
            var innerList = list.nestedUnkeyedContainer()
            try innerList.encode(3)
            try list.encode(4)
            _ = list.superEncoder()
            try container.encode(5, forKey: .c)
            var superContainer = container.superEncoder().singleValueContainer()
            try superContainer.encode("sup")
            var other = container.superEncoder(forKey: .d).unkeyedContainer()
            try other.encodeNil()
        }, #"{"a":1,"b":{"a":"x","b":[true,{"c":2},[3],4,{}]},"c":5,"super":"sup","d":[null]}"#)
    }

    func testCodingPaths() throws {
        struct Leaf: Encodable {
            let expected: String
            func encode(to encoder: any Encoder) throws {
                XCTAssertEqual(pathText(encoder.codingPath), expected)
                var container = encoder.singleValueContainer()
                XCTAssertEqual(pathText(container.codingPath), expected)
                try container.encode(1)
            }
        }
        _ = try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            XCTAssertEqual(pathText(container.codingPath), "")
            try container.encode(Leaf(expected: "a"), forKey: .a)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .b)
            XCTAssertEqual(pathText(nested.codingPath), "b")
            try nested.encode(Leaf(expected: "b.c"), forKey: .c)
            var list = nested.nestedUnkeyedContainer(forKey: .a)
            try list.encode(Leaf(expected: "b.a[0]"))
            try list.encode([Leaf(expected: "b.a[1][0]")])
            let superEncoder = container.superEncoder()
            XCTAssertEqual(pathText(superEncoder.codingPath), "super")
            try Leaf(expected: "super").encode(to: superEncoder)
            try container.encode(Leaf(expected: "c"), forKey: .c)
        }
    }

    func testRepeatedKeyKeepsTheLastValueLikeFoundation() throws {
        let json = try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .a)
            try container.encode(2, forKey: .b)
            try container.encode(3, forKey: .a)
        }
        XCTAssertEqual(json, #"{"a":3,"b":2}"#)
        // In a large object too (past the filter, into the hash set).
        struct Many: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: KitCodingKey.self)
                for index in 0..<100 { try container.encode(index, forKey: KitCodingKey(stringValue: "k\(index)")) }
                try container.encode(-1, forKey: KitCodingKey(stringValue: "k50"))
            }
        }
        let many = try KitJSONDecoder().decode([String: Int].self, from: KitJSONEncoder().encode(Many()))
        XCTAssertEqual(many.count, 100)
        XCTAssertEqual(many["k50"], -1)
    }

    func testDistinctKeysInLargeObjectsStayStreamed() throws {
        let dictionary = Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("key\($0)", $0) })
        let json = try KitJSONEncoder().encode(dictionary)
        // In the dictionary's own order: streamed, not Foundation's fallback (which sorts keys).
        XCTAssertEqual(text(json), "{" + dictionary.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}")
    }

    func testContainersUsedOutOfOrderStillEncodeCorrectly() throws {
        let json = try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            var first = container.nestedContainer(keyedBy: Key.self, forKey: .a)
            var second = container.nestedUnkeyedContainer(forKey: .b)
            try second.encode(1)
            try first.encode(2, forKey: .c)  // its frame ended when .b began
            try container.encode(3, forKey: .c)
            try second.encode(4)
        }
        XCTAssertEqual(foundationTree(bytes(json)), foundationTree(bytes(#"{"a":{"c":2},"b":[1,4],"c":3}"#)))
    }

    func testConflictingContainersThrowInsteadOfTrapping() {
        XCTAssertThrowsError(try encoded { encoder in
            var keyed = encoder.container(keyedBy: Key.self)
            try keyed.encode(1, forKey: .a)
            var unkeyed = encoder.unkeyedContainer()
            try unkeyed.encode(2)
        }) { XCTAssertTrue($0 is EncodingError) }
        XCTAssertThrowsError(try encoded { encoder in
            var single = encoder.singleValueContainer()
            try single.encode(1)
            try single.encode(2)
        }) { XCTAssertTrue($0 is EncodingError) }
    }

    func testFailedMembersAreUndoneWhenTheErrorIsCaught() throws {
        struct Failing: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: .a)
                try container.encode(Double.nan, forKey: .b)
            }
        }
        XCTAssertEqual(try encoded { encoder in
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .a)
            try? container.encode(Failing(), forKey: .b)
            try? container.encode(Double.infinity, forKey: .b)
            var list = container.nestedUnkeyedContainer(forKey: .c)
            try? list.encode(Failing())
            try list.encode(2)
            XCTAssertEqual(list.count, 1)
        }, #"{"a":1,"c":[2]}"#)
    }

    func testUnkeyedCount() throws {
        _ = try encoded { encoder in
            var list = encoder.unkeyedContainer()
            XCTAssertEqual(list.count, 0)
            try list.encode(1)
            try list.encode("two")
            _ = list.nestedUnkeyedContainer()
            XCTAssertEqual(list.count, 3)
        }
    }

    func testMatchesFoundationForEveryRoundTripValue() throws {
        struct Mixed: Codable, Equatable {
            var names = ["x": [1, 2], "y": []]
            var date = Date(timeIntervalSinceReferenceDate: -1.5)
            var flags: [Bool?] = [true, nil]
            var text = "line\nbreak/slash"
        }
        assertRoundTrip(Mixed())
        assertSameJSON(try KitJSONEncoder().encode(Mixed()), Array(try JSONEncoder().encode(Mixed())))
    }
}
