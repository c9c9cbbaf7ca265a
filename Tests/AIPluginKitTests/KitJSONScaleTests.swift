@testable import AIPluginKit
import Dispatch
import Foundation
import XCTest

/// Large and deeply nested inputs, and use from many threads at once.
final class KitJSONScaleTests: XCTestCase {
    struct Record: Codable, Equatable {
        let id: Int
        let name: String
        let score: Double
        let tags: [String]
        let extra: [String: Int]?
    }

    private func records(_ count: Int) -> [Record] {
        (0..<count).map { Record(id: $0, name: "record \($0) ✓", score: Double($0) / 8, tags: ["t\($0 % 7)"], extra: $0 % 3 == 0 ? ["k": $0] : nil) }
    }

    func testLargeArrayOfRecords() throws {
        let value = records(20_000)
        let json = try KitJSONEncoder().encode(value)
        XCTAssertGreaterThan(json.count, 1_000_000)
        XCTAssertEqual(try KitJSONDecoder().decode([Record].self, from: json), value)
        XCTAssertEqual(try JSONDecoder().decode([Record].self, from: Data(json)), value)
    }

    func testLargeObjectUsesTheIndexCorrectly() throws {
        let dictionary = Dictionary(uniqueKeysWithValues: (0..<50_000).map { ("key-\($0)", $0) })
        let json = try JSONEncoder().encode(dictionary)
        XCTAssertEqual(try KitJSONDecoder().decode([String: Int].self, from: Array(json)), dictionary)
        // A struct looked up in a large object, with a repeated key: the first one wins.
        struct Pick: Decodable { let key7: Int; enum CodingKeys: String, CodingKey { case key7 = "key-7" } }
        var object = (0..<100).map { "\"key-\($0)\":\($0)" }
        object.append("\"key-7\":-1")
        XCTAssertEqual(try kitDecode(Pick.self, "{" + object.joined(separator: ",") + "}").key7, 7)
    }

    func testDeepNesting() throws {
        struct Node: Codable, Equatable {
            let child: Box?
            final class Box: Codable, Equatable {
                let node: Node
                init(_ node: Node) { self.node = node }
                static func == (lhs: Box, rhs: Box) -> Bool { lhs.node == rhs.node }
            }
        }
        var node = Node(child: nil)
        for _ in 0..<250 { node = Node(child: Node.Box(node)) }  // 500 levels of objects
        let json = try KitJSONEncoder().encode(node)
        XCTAssertEqual(try KitJSONDecoder().decode(Node.self, from: json), node)
        let arrays = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertEqual(try kitDecode(NestedArrays.self, arrays).depth, 512)
    }

    /// Containers returned as existentials must fit their three-word inline buffer, or every
    /// array decoded or encoded would cost an allocation.
    func testContainersFitExistentialInlineStorage() {
        XCTAssertLessThanOrEqual(MemoryLayout<TapeUnkeyedDecodingContainer>.size, 3 * MemoryLayout<Int>.size)
        XCTAssertLessThanOrEqual(MemoryLayout<StreamUnkeyedEncodingContainer>.size, 3 * MemoryLayout<Int>.size)
        XCTAssertLessThanOrEqual(MemoryLayout<StreamSingleValueEncodingContainer>.size, 3 * MemoryLayout<Int>.size)
        XCTAssertEqual(MemoryLayout<TapeNode>.stride, 16)
    }

    func testConcurrentUse() {
        let decoder = KitJSONDecoder()
        let encoder = KitJSONEncoder()
        let value = records(50)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            for _ in 0..<50 {
                do {
                    if try decoder.decode([Record].self, from: encoder.encode(value)) != value { failures.add() }
                } catch {
                    failures.add()
                }
            }
        }
        XCTAssertEqual(failures.count, 0)
    }
}

/// A thread-safe counter.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
}
