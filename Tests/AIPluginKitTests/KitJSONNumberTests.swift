@testable import AIPluginKit
import Foundation
import XCTest

/// Number conversion both ways: range checks, exactness, Foundation's formatting.
final class KitJSONNumberTests: XCTestCase {
    func testIntegersAcceptWholeNumbersInAnySpelling() throws {
        XCTAssertEqual(try kitDecode([Int].self, "[0,-0,1.0,1e2,1E+2,1.50e1,123.000,100e-2,0e400,0.0e-999]"),
                       [0, 0, 1, 100, 100, 15, 123, 1, 0, 0])
        XCTAssertEqual(try kitDecode(Int64.self, "-9223372036854775808"), .min)
        XCTAssertEqual(try kitDecode(Int64.self, "9223372036854775807.0"), .max)
        XCTAssertEqual(try kitDecode(UInt64.self, "18446744073709551615"), .max)
        XCTAssertEqual(try kitDecode(UInt64.self, "1.8446744073709551615e19"), .max)
        XCTAssertEqual(try kitDecode(UInt.self, "-0"), 0)
        XCTAssertEqual(try kitDecode(Int8.self, "-128"), -128)
        XCTAssertEqual(try kitDecode(Int8.self, "1.27e2"), 127)
        XCTAssertEqual(try kitDecode(UInt8.self, "255"), 255)
        XCTAssertEqual(try kitDecode(Int16.self, "-32768"), .min)
        XCTAssertEqual(try kitDecode(UInt32.self, "4294967295"), .max)
        XCTAssertEqual(try kitDecode(Int32.self, "-2147483648"), .min)
    }

    func testIntegersRejectFractionsAndOverflow() {
        let cases: [(String, any Decodable.Type)] = [
            ("1.5", Int.self), ("1e-2", Int.self), ("0.1e1", Int.self) /* = 1: accepted below */, ("9223372036854775808", Int.self),
            ("-9223372036854775809", Int.self), ("1e19", Int64.self), ("1e20", UInt64.self), ("18446744073709551616", UInt64.self),
            ("-1", UInt.self), ("-1", UInt8.self), ("128", Int8.self), ("-129", Int8.self), ("256", UInt8.self),
            ("65536", UInt16.self), ("-32769", Int16.self), ("4294967296", UInt32.self), ("2147483648", Int32.self),
            ("1e400", Int.self), ("123456789012345678901234567890", Int.self), ("1.0000000000000000000001", Int.self),
        ]
        for (json, type) in cases where json != "0.1e1" {
            XCTAssertThrowsError(try decode(type, json), "\(json) as \(type)") { error in
                guard case .dataCorrupted(let context) = error as? DecodingError else { return XCTFail("\(error)") }
                XCTAssertTrue(context.debugDescription.contains("does not fit in \(type)"), context.debugDescription)
            }
        }
        XCTAssertEqual(try kitDecode(Int.self, "0.1e1"), 1)
    }

    private func decode(_ type: any Decodable.Type, _ json: String) throws -> Any {
        try KitJSONDecoder().decode(type, from: bytes(json))
    }

    func testDoublesAreCorrectlyRounded() throws {
        let texts = ["0.7", "1", "12", "-0", "1e-320", "4.9e-324", "1.7976931348623157e308", "0.1e1", "123456789012345678901234567890"]
        XCTAssertEqual(try kitDecode([Double].self, "[" + texts.joined(separator: ",") + "]"), texts.map { Double($0)! })
        XCTAssertEqual(try kitDecode(Double.self, "-0").sign, .minus)
        // Random decimal texts of every length and exponent agree with the standard library's
        // correctly rounded parser (which the fast path must reproduce exactly).
        var random = SeededRandom(seed: 42)
        for _ in 0..<40_000 {
            let digits = String((0..<Int.random(in: 1...20, using: &random)).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            var json = Bool.random(using: &random) ? "-" : ""
            json += digits.first == "0" ? "0" : digits
            if Bool.random(using: &random) { json += "." + digits }
            if Bool.random(using: &random) { json += "e\(Int.random(in: -30...30, using: &random))" }
            XCTAssertEqual(try kitDecode(Double.self, json), Double(json)!, json)
            let float = Float(json)!
            if float.isFinite && (float != 0 || Double(json)! == 0) {
                XCTAssertEqual(try kitDecode(Float.self, json), float, json)
            } else {
                XCTAssertThrowsError(try kitDecode(Float.self, json), json)  // beyond Float's range
            }
        }
    }

    func testDoublesOutOfRangeAreErrors() {
        for json in ["1e400", "-1e400", "1e-400", "2e-324", "1e99999999999999999999"] {
            XCTAssertThrowsError(try kitDecode(Double.self, json), json)
        }
        for json in ["1e39", "-1e39", "1e-46", "3.5e38"] {
            XCTAssertThrowsError(try kitDecode(Float.self, json), json)
        }
        XCTAssertEqual(try kitDecode(Double.self, "0e400"), 0)
        XCTAssertEqual(try kitDecode(Float.self, "1e-40"), Float("1e-40")!)  // subnormal, not zero
        XCTAssertEqual(try kitDecode(Float.self, "3.4028235e38"), .greatestFiniteMagnitude)
    }

    func testDoublesPrintLikeFoundation() throws {
        let values: [Double] = [0.7, 1, -1, 0, -0.0, 1e20, 1e16, 1e15, 999_999_999_999_999, 1e-5, 0.0001, 0.30000000000000004,
                                123456789012345680, .leastNonzeroMagnitude, 1.7976931348623157e308, 2.5e-5, 100.25, -0.001, 1234.5]
        XCTAssertEqual(try kitEncode(values), text(Array(try JSONEncoder().encode(values))))
        XCTAssertEqual(try kitEncode([0.7, 1.0, -0.0, 1e20, 1e-5]), "[0.7,1,-0,1e+20,1e-05]")
        XCTAssertEqual(try kitEncode([Float(0.1), 1, 1e20, 3.4028235e38]), "[0.1,1,1e+20,3.4028235e+38]")
    }

    /// The cheap formatter for short decimals must print exactly what Swift's formatter prints.
    func testDoubleFormattingMatchesSwiftsShortestForm() throws {
        var random = SeededRandom(seed: 7)
        var values: [Double] = []
        for _ in 0..<40_000 {
            values.append(Double(bitPattern: random.next()))  // anything, mostly huge or tiny
            let scale = [1.0, 10, 100, 1000, 1e4, 1e6, 1e9, 1e12, 1e15][Int.random(in: 0..<9, using: &random)]
            values.append(Double(Int64.random(in: -999_999_999_999...999_999_999_999, using: &random)) / scale)
            values.append(Double.random(in: -1000...1000, using: &random))
            values.append(Double(Float.random(in: -1...1, using: &random)))
        }
        for value in values where value.isFinite {
            var expected = value.description
            if expected.hasSuffix(".0") { expected.removeLast(2) }
            XCTAssertEqual(try kitEncode(value), expected)
        }
    }

    func testNonFiniteValuesCannotBeEncoded() {
        struct Holder: Encodable { var values: [String: Double] }
        for value in [Double.nan, .infinity, -.infinity] {
            XCTAssertThrowsError(try KitJSONEncoder().encode(value)) { error in
                guard case .invalidValue(_, let context) = error as? EncodingError else { return XCTFail("\(error)") }
                XCTAssertTrue(context.debugDescription.hasPrefix("Unable to encode Double."), context.debugDescription)
            }
            XCTAssertThrowsError(try KitJSONEncoder().encode(Holder(values: ["x": value]))) { error in
                guard case .invalidValue(_, let context) = error as? EncodingError else { return XCTFail("\(error)") }
                XCTAssertEqual(context.codingPath.map(\.stringValue), ["values", "x"])
            }
            XCTAssertThrowsError(try KitJSONEncoder().encode([1, value])) { error in
                guard case .invalidValue(_, let context) = error as? EncodingError else { return XCTFail("\(error)") }
                XCTAssertEqual(context.codingPath.map(\.intValue), [1])
            }
        }
        XCTAssertThrowsError(try KitJSONEncoder().encode([Float.nan]))
        XCTAssertThrowsError(try KitJSONEncoder().encode(Date(timeIntervalSinceReferenceDate: .infinity)))
        XCTAssertThrowsError(try KitJSONEncoder().encode(Decimal.nan))
    }

    func testWideIntegers() throws {
        struct Wide: Codable, Equatable { var a: Int128; var b: UInt128; var c: [Int128]; var d: UInt128? }
        assertRoundTrip(Wide(a: .min, b: .max, c: [0, -1, .max], d: 1))
        XCTAssertEqual(try kitEncode(Wide(a: -1, b: 2, c: [], d: nil)), #"{"a":-1,"b":2,"c":[]}"#)
        XCTAssertEqual(try kitDecode(Int128.self, "1.7e38"), 170_000_000_000_000_000_000_000_000_000_000_000_000)
        XCTAssertThrowsError(try kitDecode(Int128.self, "1.8e38"))
        XCTAssertThrowsError(try kitDecode(UInt128.self, "-1"))
        XCTAssertEqual(try kitDecode(Float16.self, "1.5"), 1.5)
    }

    func testIntegersPrintExactly() throws {
        XCTAssertEqual(try kitEncode([Int.min, -1, 0, 9, 10, Int.max]), "[-9223372036854775808,-1,0,9,10,9223372036854775807]")
        XCTAssertEqual(try kitEncode([UInt64.max]), "[18446744073709551615]")
        XCTAssertEqual(try kitEncode([Int8.min]), "[-128]")
        struct All: Encodable {
            var a: Int8 = -1, b: Int16 = -2, c: Int32 = -3, d: Int64 = -4, e: UInt = 5, f: UInt8 = 6, g: UInt16 = 7, h: UInt32 = 8
        }
        XCTAssertEqual(try kitEncode(All()), #"{"a":-1,"b":-2,"c":-3,"d":-4,"e":5,"f":6,"g":7,"h":8}"#)
    }
}
