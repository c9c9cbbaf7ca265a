@testable import AIPluginKit
import Foundation
import XCTest

/// Any JSON value, decoded by whichever decoder is under test, so outputs can be compared
/// semantically (member order and number spelling aside). Numbers are Decimals where they fit
/// (exact, and 1, 1.0 and 1e0 compare equal), Doubles beyond Decimal's range.
enum JSONTree: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case double(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Arrays nested to any depth, decoded with as few stack frames per level as Codable allows
/// (so that 512 levels also fit the stack under the address sanitizer).
struct NestedArrays: Decodable {
    let depth: Int

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        depth = container.isAtEnd ? 1 : try container.decode(NestedArrays.self).depth + 1
    }
}

/// Deterministic random numbers (SplitMix64), so fuzz failures can be replayed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func kitDecode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try KitJSONDecoder().decode(T.self, from: bytes(json))
}

func kitEncode<T: Encodable>(_ value: T) throws -> String {
    text(try KitJSONEncoder().encode(value))
}

/// Foundation's reading of `json` as a tree (nil if Foundation rejects it).
func foundationTree(_ json: [UInt8]) -> JSONTree? {
    try? JSONDecoder().decode(JSONTree.self, from: Data(json))
}

/// Asserts that `json` means the same as `expected`, both read by Foundation.
func assertSameJSON(_ json: [UInt8], _ expected: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    guard let actual = foundationTree(json) else {
        return XCTFail("not JSON: \(text(json))", file: file, line: line)
    }
    XCTAssertEqual(actual, foundationTree(expected), "\(text(json)) vs \(text(expected))", file: file, line: line)
}

/// Encodes `value` with the kit and with Foundation, asserts both mean the same JSON, and that
/// each decoder reads the kit's output back as `value`.
func assertRoundTrip<T: Codable & Equatable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let ours = try KitJSONEncoder().encode(value)
        let theirs = try JSONEncoder().encode(value)
        assertSameJSON(ours, Array(theirs), file: file, line: line)
        XCTAssertEqual(try KitJSONDecoder().decode(T.self, from: ours), value, file: file, line: line)
        XCTAssertEqual(try KitJSONDecoder().decode(T.self, from: Array(theirs)), value, file: file, line: line)
        XCTAssertEqual(try JSONDecoder().decode(T.self, from: Data(ours)), value, file: file, line: line)
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}

/// The coding path of a DecodingError, rendered like the kit's error text ("a.b[2].c").
func pathText(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().drop { $0 == "." }.description
}

extension DecodingError {
    var context: Context? {
        switch self {
        case .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
             .dataCorrupted(let context):
            context
        @unknown default: nil
        }
    }

    var kind: String {
        switch self {
        case .keyNotFound: "keyNotFound"
        case .typeMismatch: "typeMismatch"
        case .valueNotFound: "valueNotFound"
        case .dataCorrupted: "dataCorrupted"
        @unknown default: "unknown"
        }
    }
}

/// Decodes `json` as `T` with the kit, expecting a DecodingError of `kind` at `path`; returns it.
@discardableResult
func assertDecodingError<T: Decodable>(_ type: T.Type, _ json: String, _ kind: String, at path: String,
                                       file: StaticString = #filePath, line: UInt = #line) -> DecodingError? {
    do {
        let value = try kitDecode(T.self, json)
        XCTFail("decoded \(value) from \(json)", file: file, line: line)
    } catch let error as DecodingError {
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
        XCTAssertEqual(pathText(error.context?.codingPath ?? []), path, "\(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("not a DecodingError: \(error)", file: file, line: line)
    }
    return nil
}
