@testable import AIPluginKit
import Foundation
import XCTest

/// Values of many shapes survive kit encode → kit decode, and match Foundation both ways.
final class KitJSONRoundTripTests: XCTestCase {
    struct Request: Codable, Equatable {
        let model: String
        let user: String
        let tokens: Int
        let temperature: Double
        let stream: Bool
        let tags: [String]
    }

    struct Numbers: Codable, Equatable {
        var int = Int.min, int8 = Int8.min, int16 = Int16.min, int32 = Int32.min, int64 = Int64.max
        var uint = UInt.max, uint8 = UInt8.max, uint16 = UInt16.max, uint32 = UInt32.max, uint64 = UInt64.max
        var double = -1234.5678e-9, float: Float = 3.25, zero = 0.0, negativeZero = -0.0
        var tiny = Double.leastNonzeroMagnitude, huge = Double.greatestFiniteMagnitude
        var floatTiny = Float.leastNonzeroMagnitude, floatHuge = Float.greatestFiniteMagnitude
    }

    struct Optionals: Codable, Equatable {
        var present: String? = "x"
        var absent: String?
        var number: Int?
        var nested: Optionals.Inner? = Inner(value: nil)
        var list: [Int?] = [1, nil, 3]

        struct Inner: Codable, Equatable {
            var value: Double?
        }
    }

    enum Mood: String, Codable { case happy, sad = "so sad" }
    enum Level: Int, Codable { case low = 1, high = 10 }

    indirect enum Action: Codable, Equatable {
        case add(Int)
        case rename(from: String, to: String)
        case reset
        case nested(Action?, [Level])
    }

    struct Tree: Codable, Equatable {
        var name: String
        var children: [Tree]
    }

    struct Foundationish: Codable, Equatable {
        var data = Data([0, 1, 2, 250, 251, 252, 253, 254, 255])
        var empty = Data()
        var date = Date(timeIntervalSinceReferenceDate: 123_456.789)
        var url = URL(string: "https://example.com/a/b?c=d&e=%20f#g")!
        var decimal = Decimal(string: "1234567890.0987654321")!
        var uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
    }

    func testRequest() {
        assertRoundTrip(Request(model: "gpt-4o-mini", user: "u-1", tokens: 1234, temperature: 0.7, stream: false, tags: ["a", "b"]))
    }

    func testNumberLimits() {
        assertRoundTrip(Numbers())
        assertRoundTrip(Numbers(int: Int.max, int8: Int8.max, int16: Int16.max, int32: Int32.max, int64: Int64.min,
                                uint: 0, uint8: 0, uint16: 0, uint32: 0, uint64: 0))
    }

    func testOptionals() {
        assertRoundTrip(Optionals())
        assertRoundTrip(Optionals(present: nil, absent: "y", number: 0, nested: nil, list: []))
    }

    func testRawValueEnums() {
        assertRoundTrip([Mood.happy, .sad])
        assertRoundTrip([Level.low: Mood.sad, .high: .happy])
        XCTAssertEqual(try kitEncode([Mood.sad]), #"["so sad"]"#)
    }

    func testEnumsWithAssociatedValues() {
        assertRoundTrip([Action.add(3), .rename(from: "a", to: "b"), .reset, .nested(.nested(nil, []), [.low, .high])])
    }

    func testRecursiveTree() {
        assertRoundTrip(Tree(name: "root", children: [Tree(name: "a", children: []), Tree(name: "b", children: [Tree(name: "c", children: [])])]))
    }

    func testDictionaries() {
        assertRoundTrip(["b": 1, "a": 2, "": 3, "ключ": 4, "with \"quotes\"": 5])
        assertRoundTrip([1: "one", -2: "minus two", 300: "three hundred"])
        assertRoundTrip(["outer": ["inner": [1.5, 2.5]]])
        assertRoundTrip([String: Int]())
        XCTAssertEqual(try kitEncode([7: true]), #"{"7":true}"#)
    }

    func testFoundationTypesUseFoundationsRepresentation() throws {
        assertRoundTrip(Foundationish())
        XCTAssertEqual(try kitEncode(Data([1, 2, 3, 4])), #""AQIDBA==""#)
        XCTAssertEqual(try kitEncode(Data([1, 2, 3, 4, 5])), #""AQIDBAU=""#)
        XCTAssertEqual(try kitEncode(Date(timeIntervalSinceReferenceDate: 12.5)), "12.5")
        XCTAssertEqual(try kitEncode(URL(string: "https://x.y/a")!), #""https://x.y/a""#)
        XCTAssertEqual(try kitEncode(Decimal(string: "-1.25")!), "-1.25")
        XCTAssertEqual(try kitDecode(Decimal.self, "123456789012345678901234567890.5"), Decimal(string: "123456789012345678901234567890.5"))
    }

    func testTopLevelScalars() {
        assertRoundTrip("text")
        assertRoundTrip(42)
        assertRoundTrip(true)
        assertRoundTrip(0.1)
        assertRoundTrip(Optional<Int>.none)
        assertRoundTrip([[Int]]())
    }

    func testCollections() {
        assertRoundTrip([[1, 2], [], [3]])
        assertRoundTrip([[String: [Bool]]]([["x": [true, false]], [:]]))
        assertRoundTrip(Set(["a", "b"]))
        assertRoundTrip([Double](repeating: 0.1, count: 3))
        assertRoundTrip([Float](arrayLiteral: 0.1, 1, 1e-3))
        assertRoundTrip([Int8](arrayLiteral: -128, 127))
    }

    func testStringsNeedingEscapes() {
        let all = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        assertRoundTrip([all, "é😀\u{2028}\u{2029}\u{FEFF}", "\\\"/", ""])
    }

    func testClassHierarchyThroughSuperEncoder() {
        assertRoundTrip(Derived(base: 1, derived: "two"))
    }

    func testEncodingIntoTheSameContainerTwiceAddsToIt() throws {
        XCTAssertEqual(try kitEncode(SharedContainer()), #"{"a":1,"b":2}"#)
        XCTAssertEqual(try kitDecode(SharedContainer.self, #"{"a":1,"b":2}"#), SharedContainer())
    }

    func testEncodesInDeclarationOrder() throws {
        XCTAssertEqual(try kitEncode(Request(model: "m", user: "u", tokens: 1, temperature: 1, stream: true, tags: [])),
                       #"{"model":"m","user":"u","tokens":1,"temperature":1,"stream":true,"tags":[]}"#)
    }
}

class Base: Codable, Equatable {
    let base: Int
    init(base: Int) { self.base = base }
    static func == (lhs: Base, rhs: Base) -> Bool { lhs.base == rhs.base && type(of: lhs) == type(of: rhs) }
}

/// Encodes its superclass under "super", as the Codable documentation suggests.
final class Derived: Base {
    let derived: String
    private enum CodingKeys: String, CodingKey { case derived }

    init(base: Int, derived: String) {
        self.derived = derived
        super.init(base: base)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        derived = try container.decode(String.self, forKey: .derived)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(derived, forKey: .derived)
        try super.encode(to: container.superEncoder())
    }
}

/// Asks for its keyed container twice, as a subclass calling super.encode(to: encoder) does.
struct SharedContainer: Codable, Equatable {
    enum A: CodingKey { case a }
    enum B: CodingKey { case b }

    init() {}

    init(from decoder: any Decoder) throws {
        XCTAssertEqual(try decoder.container(keyedBy: A.self).decode(Int.self, forKey: .a), 1)
        XCTAssertEqual(try decoder.container(keyedBy: B.self).decode(Int.self, forKey: .b), 2)
    }

    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: A.self)
        try first.encode(1, forKey: .a)
        var second = encoder.container(keyedBy: B.self)
        try second.encode(2, forKey: .b)
    }
}
