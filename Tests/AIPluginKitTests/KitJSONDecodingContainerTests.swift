@testable import AIPluginKit
import Foundation
import XCTest

/// Runs the closure a test installs on whichever decoder decodes it (tests run one at a time).
private struct Probe: Decodable {
    nonisolated(unsafe) static var body: ((any Decoder) throws -> Any)?
    let result: Any
    init(from decoder: any Decoder) throws { result = try Probe.body!(decoder) }
}

/// The decoding container API as hand-written init(from:) uses it.
final class KitJSONDecodingContainerTests: XCTestCase {
    enum Key: String, CodingKey { case a, b, c, list, nested, `super` }

    /// Runs `body` on the kit's decoder for `json`, and on Foundation's, expecting the same result.
    private func inspect<Result: Equatable>(_ json: String, file: StaticString = #filePath, line: UInt = #line,
                                            _ body: @escaping @Sendable (any Decoder) throws -> Result) {
        Probe.body = body
        defer { Probe.body = nil }
        do {
            let ours = try KitJSONDecoder().decode(Probe.self, from: bytes(json)).result as? Result
            let theirs = try JSONDecoder().decode(Probe.self, from: Data(json.utf8)).result as? Result
            XCTAssertEqual(ours, theirs, file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    func testKeyedContainerQueries() {
        inspect(#"{"a":1,"b":null,"zzz":2}"#) { decoder -> [String] in
            let container = try decoder.container(keyedBy: Key.self)
            return [
                "\(container.contains(.a)) \(container.contains(.b)) \(container.contains(.c))",
                "\(try container.decodeNil(forKey: .b)) \(try container.decodeNil(forKey: .a))",
                "\(try container.decodeIfPresent(Int.self, forKey: .a) as Any) \(try container.decodeIfPresent(Int.self, forKey: .b) as Any)",
                "\(try container.decodeIfPresent(Int.self, forKey: .c) as Any)",
                "\(try container.decodeIfPresent([Int].self, forKey: .c) as Any) \(try container.decodeIfPresent(Double.self, forKey: .a) as Any)",
                container.allKeys.map(\.stringValue).sorted().joined(separator: ","),
            ]
        }
    }

    func testDecodeNilForMissingKeyThrows() {
        inspect(#"{}"#) { decoder -> String in
            let container = try decoder.container(keyedBy: Key.self)
            do {
                _ = try container.decodeNil(forKey: .a)
                return "no error"
            } catch let error as DecodingError {
                return "\(error.kind)"
            }
        }
    }

    func testUnkeyedContainerWalk() {
        inspect(#"[1,null,"x",[2,3],{"a":4},true]"#) { decoder -> [String] in
            var container = try decoder.unkeyedContainer()
            var log = ["count \(container.count ?? -1)"]
            log.append("\(try container.decode(Int.self)) at \(container.currentIndex)")
            log.append("nil \(try container.decodeNil()) at \(container.currentIndex)")
            log.append("nil \(try container.decodeNil()) at \(container.currentIndex)")  // "x" is not nil: stays
            do { _ = try container.decode(Int.self) } catch { log.append("mismatch at \(container.currentIndex)") }
            log.append(try container.decode(String.self))
            var nested = try container.nestedUnkeyedContainer()
            log.append("nested \(try nested.decode(Int.self)) \(try nested.decode(Int.self)) \(nested.isAtEnd)")
            let keyed = try container.nestedContainer(keyedBy: Key.self)
            log.append("keyed \(try keyed.decode(Int.self, forKey: .a)) path \(pathText(keyed.codingPath))")
            log.append("\(try container.decode(Bool.self)) end \(container.isAtEnd) at \(container.currentIndex)")
            do { _ = try container.decode(Bool.self) } catch let error as DecodingError {
                log.append("\(error.kind) at \(pathText(error.context?.codingPath ?? []))")
            }
            do { _ = try container.decodeNil() } catch let error as DecodingError { log.append("nil: \(error.kind)") }
            return log
        }
    }

    func testNestedKeyedAndUnkeyedContainers() {
        inspect(#"{"nested":{"a":"x","list":[1,2]},"list":[[true]]}"#) { decoder -> [String] in
            let container = try decoder.container(keyedBy: Key.self)
            let nested = try container.nestedContainer(keyedBy: Key.self, forKey: .nested)
            var inner = try nested.nestedUnkeyedContainer(forKey: .list)
            var list = try container.nestedUnkeyedContainer(forKey: .list)
            var deeper = try list.nestedUnkeyedContainer()
            return [
                try nested.decode(String.self, forKey: .a), pathText(nested.codingPath), pathText(inner.codingPath),
                "\(try inner.decode(Int.self)) \(try inner.decode(Int.self)) \(inner.isAtEnd)",
                "\(try deeper.decode(Bool.self))", pathText(deeper.codingPath),
            ]
        }
    }

    func testNestedContainerErrors() {
        inspect(#"{"a":1,"list":[]}"#) { decoder -> [String] in
            let container = try decoder.container(keyedBy: Key.self)
            var log: [String] = []
            do { _ = try container.nestedContainer(keyedBy: Key.self, forKey: .b) } catch let error as DecodingError {
                log.append(error.kind)
            }
            do { _ = try container.nestedContainer(keyedBy: Key.self, forKey: .a) } catch let error as DecodingError {
                log.append("\(error.kind) \(pathText(error.context?.codingPath ?? []))")
            }
            var list = try container.nestedUnkeyedContainer(forKey: .list)
            do { _ = try list.nestedContainer(keyedBy: Key.self) } catch let error as DecodingError { log.append(error.kind) }
            do { _ = try list.superDecoder() } catch let error as DecodingError { log.append(error.kind) }
            return log
        }
    }

    func testSuperDecoders() {
        inspect(#"{"super":{"a":1},"b":[5]}"#) { decoder -> [String] in
            let container = try decoder.container(keyedBy: Key.self)
            let superDecoder = try container.superDecoder()
            let base = try superDecoder.container(keyedBy: Key.self).decode(Int.self, forKey: .a)
            var list = try container.superDecoder(forKey: .b).unkeyedContainer()
            let element = try list.superDecoder().singleValueContainer().decode(Int.self)
            let missing = try container.superDecoder(forKey: .c)
            let missingIsNil = try missing.singleValueContainer().decodeNil()
            return ["\(base)", pathText(superDecoder.codingPath), "\(element)", "\(missingIsNil)", pathText(missing.codingPath)]
        }
    }

    func testSingleValueContainerAndCodingPath() {
        struct Wrapper: Decodable, Equatable {
            let value: Int
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                XCTAssertFalse(container.decodeNil())
                value = try container.decode(Int.self)
                XCTAssertEqual(pathText(decoder.codingPath), "list[\(value - 1)]")
                XCTAssertEqual(pathText(container.codingPath), "list[\(value - 1)]")
            }
        }
        struct Outer: Decodable { let list: [Wrapper] }
        XCTAssertEqual(try kitDecode(Outer.self, #"{"list":[1,2]}"#).list.map(\.value), [1, 2])
    }

    func testRepeatedKeysUseTheFirstOccurrenceLikeFoundation() throws {
        struct Pair: Codable, Equatable { let a: Int; let b: Int }
        for json in [#"{"a":1,"b":2,"a":3}"#, #"{"b":2,"a":1,"a":3}"#, #"{"a":1,"a":3,"b":2}"#, #"{"\u0061":1,"a":3,"b":2}"#] {
            XCTAssertEqual(try kitDecode(Pair.self, json), try JSONDecoder().decode(Pair.self, from: Data(json.utf8)), json)
            XCTAssertEqual(try kitDecode([String: Int].self, json), try JSONDecoder().decode([String: Int].self, from: Data(json.utf8)), json)
        }
        // Looked up in another order than the document's, twice over.
        struct Reversed: Decodable, Equatable {
            enum CodingKeys: CodingKey { case a, b, c }
            let values: [Int]
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                values = try [.c, .b, .a, .c, .a].map { try container.decode(Int.self, forKey: $0) }
            }
        }
        XCTAssertEqual(try kitDecode(Reversed.self, #"{"a":1,"b":2,"c":3}"#).values, [3, 2, 1, 3, 1])
        XCTAssertEqual(try kitDecode(Reversed.self, #"{"c":3,"a":1,"c":9,"b":2}"#).values, [3, 2, 1, 3, 1])
    }

    func testIntKeyedDictionariesLikeFoundation() {
        XCTAssertEqual(try kitDecode([Int: String].self, #"{"1":"a","-2":"b"}"#), [1: "a", -2: "b"])
        assertDecodingError([Int: String].self, #"{"x":"a"}"#, "typeMismatch", at: "x")
    }

    func testEmptyAndWhitespaceKeys() throws {
        XCTAssertEqual(try kitDecode([String: Int].self, #"{"":1," ":2}"#), ["": 1, " ": 2])
    }
}
