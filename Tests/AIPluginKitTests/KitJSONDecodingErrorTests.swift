@testable import AIPluginKit
import Foundation
import XCTest

/// Every DecodingError case, with the coding path Foundation would report.
final class KitJSONDecodingErrorTests: XCTestCase {
    struct Person: Codable {
        let name: String
        let age: Int
        let address: Address?
        let tags: [String]?
    }

    struct Address: Codable {
        let street: String
        let zip: UInt16
    }

    struct Team: Codable {
        let members: [Person]
    }

    func testMissingKey() throws {
        let error = assertDecodingError(Person.self, #"{"age":3}"#, "keyNotFound", at: "")
        guard case .keyNotFound(let key, let context)? = error else { return XCTFail() }
        XCTAssertEqual(key.stringValue, "name")
        XCTAssertTrue(context.debugDescription.contains("\"name\""), context.debugDescription)
    }

    func testMissingKeyInNestedValues() {
        assertDecodingError(Team.self, #"{"members":[{"name":"a","age":1},{"name":"b","age":2,"address":{"zip":1}}]}"#,
                            "keyNotFound", at: "members[1].address")
    }

    func testTypeMismatch() {
        let error = assertDecodingError(Person.self, #"{"name":7,"age":3}"#, "typeMismatch", at: "name")
        guard case .typeMismatch(let type, let context)? = error else { return XCTFail() }
        XCTAssertTrue(type == String.self)
        XCTAssertEqual(context.debugDescription, "Expected to decode String but found number instead.")
        assertDecodingError(Person.self, #"{"name":"x","age":"3"}"#, "typeMismatch", at: "age")
        assertDecodingError(Person.self, #"{"name":"x","age":true}"#, "typeMismatch", at: "age")
        assertDecodingError(Team.self, #"{"members":[{"name":"a","age":1,"tags":["x",2]}]}"#, "typeMismatch", at: "members[0].tags[1]")
        assertDecodingError(Team.self, #"{"members":{}}"#, "typeMismatch", at: "members")
        assertDecodingError(Team.self, #"[]"#, "typeMismatch", at: "")
        assertDecodingError(Bool.self, "1", "typeMismatch", at: "")
        assertDecodingError([String: Int].self, #"{"a":"b"}"#, "typeMismatch", at: "a")
    }

    func testOptionalOfWrongTypeIsStillAnError() {
        assertDecodingError(Person.self, #"{"name":"x","age":3,"address":"home"}"#, "typeMismatch", at: "address")
    }

    func testNullForNonOptional() {
        let error = assertDecodingError(Person.self, #"{"name":null,"age":3}"#, "valueNotFound", at: "name")
        guard case .valueNotFound(let type, _)? = error else { return XCTFail() }
        XCTAssertTrue(type == String.self)
        assertDecodingError(Team.self, #"{"members":null}"#, "valueNotFound", at: "members")
        assertDecodingError(Team.self, #"{"members":[null]}"#, "valueNotFound", at: "members[0]")
        assertDecodingError([Int].self, "[1,null]", "valueNotFound", at: "[1]")
    }

    func testNumbersThatDoNotFit() {
        assertDecodingError(Person.self, #"{"name":"x","age":1.5}"#, "dataCorrupted", at: "age")
        assertDecodingError(Person.self, #"{"name":"x","age":9223372036854775808}"#, "dataCorrupted", at: "age")
        assertDecodingError(Person.self, #"{"name":"x","age":1,"address":{"street":"s","zip":65536}}"#,
                            "dataCorrupted", at: "address.zip")
        assertDecodingError(Person.self, #"{"name":"x","age":1,"address":{"street":"s","zip":-1}}"#,
                            "dataCorrupted", at: "address.zip")
        let error = assertDecodingError([Double].self, "[1,1e400]", "dataCorrupted", at: "[1]")
        XCTAssertEqual(error?.context?.debugDescription, "Parsed JSON number <1e400> does not fit in Double.")
    }

    func testFoundationTypesWithBadValues() {
        struct Values: Decodable { var data: Data?; var url: URL?; var decimal: Decimal?; var date: Date? }
        assertDecodingError(Values.self, #"{"data":"not base64!"}"#, "dataCorrupted", at: "data")
        assertDecodingError(Values.self, #"{"data":1}"#, "typeMismatch", at: "data")
        assertDecodingError(Values.self, #"{"url":""}"#, "dataCorrupted", at: "url")
        assertDecodingError(Values.self, #"{"decimal":"1.5"}"#, "typeMismatch", at: "decimal")
        assertDecodingError(Values.self, #"{"date":"2024-01-01"}"#, "typeMismatch", at: "date")
    }

    func testEnumErrors() {
        enum Mood: String, Decodable { case happy }
        assertDecodingError([Mood].self, #"["happy","grumpy"]"#, "dataCorrupted", at: "[1]")
        enum Action: Decodable, Equatable { case add(Int), reset }
        assertDecodingError([Action].self, #"[{"add":{"_0":1},"reset":{}}]"#, "typeMismatch", at: "[0]")
        assertDecodingError([Action].self, #"[{"add":{"_0":"x"}}]"#, "typeMismatch", at: "[0].add._0")
        XCTAssertEqual(try kitDecode([Action].self, #"[{"add":{"_0":1}},{"reset":{}}]"#), [.add(1), .reset])
    }

    func testUnkeyedContainerAtEnd() {
        struct Pair: Decodable {
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                _ = try container.decode(Int.self)
                _ = try container.decode(Int.self)
            }
        }
        let error = assertDecodingError(Pair.self, "[1]", "valueNotFound", at: "[1]")
        XCTAssertEqual(error?.context?.debugDescription, "Unkeyed container is at end.")
    }

    func testMalformedJSONNamesTheByteOffset() {
        let error = assertDecodingError(Person.self, #"{"name":"x",,"age":1}"#, "dataCorrupted", at: "")
        XCTAssertTrue(error?.context?.debugDescription.contains("byte offset 12") ?? false, "\(String(describing: error))")
        // The reason is also an NSError's debug description, which the kit's error text shows.
        let underlying = error?.context?.underlyingError as NSError?
        XCTAssertEqual(underlying?.userInfo[NSDebugDescriptionErrorKey] as? String,
                       "Unexpected ',', expected a string key, at byte offset 12.")
    }

    func testUserErrorsPassThrough() {
        struct Custom: Error {}
        struct Failing: Decodable { init(from decoder: any Decoder) throws { throw Custom() } }
        XCTAssertThrowsError(try kitDecode([Failing].self, "[{}]")) { XCTAssertTrue($0 is Custom) }
    }

    func testErrorsMatchFoundationsKindAndPath() throws {
        let cases: [String] = [
            #"{"age":3}"#, #"{"name":1,"age":3}"#, #"{"name":null,"age":3}"#, #"{"name":"x","age":2.5}"#,
            #"{"name":"x","age":1,"address":{"street":"s","zip":70000}}"#, #"{"name":"x","age":1,"tags":[1]}"#,
            #"{"name":"x","age":1,"address":[]}"#, #"{"name":"x","age":1,"address":{"street":null,"zip":1}}"#,
        ]
        for json in cases {
            var kit: DecodingError?
            var foundation: DecodingError?
            do { _ = try kitDecode(Person.self, json) } catch { kit = error as? DecodingError }
            do { _ = try JSONDecoder().decode(Person.self, from: Data(json.utf8)) } catch { foundation = error as? DecodingError }
            XCTAssertEqual(kit?.kind, foundation?.kind, json)
            // Foundation (on Linux) loses the path of numbers that do not fit; ours keeps it.
            if foundation?.kind != "dataCorrupted" {
                XCTAssertEqual(pathText(kit?.context?.codingPath ?? []), pathText(foundation?.context?.codingPath ?? []), json)
            }
        }
    }
}
