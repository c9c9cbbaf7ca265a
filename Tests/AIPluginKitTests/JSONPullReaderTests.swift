import AIPluginKit
import XCTest

/// The pull reader behind hand-written fast paths: what it reads, and that it answers nil (and
/// marks itself failed) on whatever it does not expect, so the caller falls back.
final class JSONPullReaderTests: XCTestCase {
    private func reading<T>(_ json: String, _ body: (inout JSONPullReader) -> T) -> T {
        Array(json.utf8).withUnsafeBytes { bytes in
            var reader = JSONPullReader(bytes)
            return body(&reader)
        }
    }

    /// Members of a flat object as name → text of the value (strings, integers, booleans, null).
    private func members(_ json: String) -> [String: String]? {
        reading(json) { reader -> [String: String]? in
            guard reader.beginObject() else { return nil }
            var found: [String: String] = [:]
            while let key = reader.nextKey() {
                if reader.null() {
                    found[key] = "null"
                } else if let number = reader.integer() {
                    found[key] = String(number)
                } else {
                    return nil
                }
            }
            return reader.atEnd() ? found : nil
        }
    }

    func testReadsStringsWithEveryEscape() {
        let text = reading(#" "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 plain" "#) { $0.string() }
        XCTAssertEqual(text, "a\"b\\c/d\u{8}\u{c}\n\r\té😀 plain")
        XCTAssertEqual(reading(#""no escapes at all""#) { $0.string() }, "no escapes at all")
        XCTAssertEqual(reading(#""""#) { $0.string() }, "")
    }

    func testRefusesMalformedStrings() {
        for json in [#""unterminated"#, #""bad \x escape""#, #""lone \ud83d surrogate""#, "\"raw\u{1}control\"", #""short \u00e""#, "42"] {
            let result = reading(json) { reader -> (String?, Bool) in
                let text = reader.string()
                return (text, reader.failed)
            }
            XCTAssertNil(result.0, json)
            XCTAssertTrue(result.1, "failed is set for \(json)")
        }
    }

    func testReadsObjectsWithIntegersAndNull() {
        XCTAssertEqual(members(#"{"a": 1, "b" : -20 , "c":null}"#), ["a": "1", "b": "-20", "c": "null"])
        XCTAssertEqual(members("{}"), [:])
        XCTAssertEqual(members(" { } "), [:])
    }

    func testIntegersAreOnlyPlainDigits() {
        for json in [#"{"a": 1.5}"#, #"{"a": 1e3}"#, #"{"a": 01}"#, #"{"a": -}"#, #"{"a": 1234567890123456789}"#, #"{"a": "1"}"#] {
            XCTAssertNil(members(json), json)
        }
        XCTAssertEqual(members(#"{"a": 0, "b": 123456789012345678}"#), ["a": "0", "b": "123456789012345678"])
    }

    func testRefusesMalformedObjects() {
        for json in [#"{"a": 1,}"#, #"{"a": 1 "b": 2}"#, #"{, "a": 1}"#, #"{"a" 1}"#, #"{"a": 1"#, #"{"a": 1} trailing"#, #"["a"]"#] {
            XCTAssertNil(members(json), json)
        }
    }

    func testNestedObjectsAndArrays() {
        let json = #"{"list": [{"role": "system", "content": "x"}, {"role": "user", "content": "y"}], "after": 2}"#
        let result = reading(json) { reader -> ([[String: String]], Int)? in
            guard reader.beginObject(), reader.nextKey() == "list" else { return nil }
            var list: [[String: String]] = []
            let complete = reader.array { reader in
                guard reader.beginObject() else { return false }
                var found: [String: String] = [:]
                while let key = reader.nextKey() {
                    guard let value = reader.string() else { return false }
                    found[key] = value
                }
                list.append(found)
                return !reader.failed
            }
            // The outer object's comma bookkeeping survives the nested objects.
            guard complete, reader.nextKey() == "after", let after = reader.integer(), reader.nextKey() == nil, reader.atEnd() else { return nil }
            return (list, after)
        }
        XCTAssertEqual(result?.0, [["role": "system", "content": "x"], ["role": "user", "content": "y"]])
        XCTAssertEqual(result?.1, 2)
        XCTAssertEqual(reading("[]") { $0.array { _ in false } }, true, "an empty array calls nothing")
        XCTAssertEqual(reading("[1, 2") { $0.array { $0.integer() != nil } }, false)
    }

    func testRawValueSpansEachKindOfValue() {
        let json = #"{"o": {"a": [1, {"b": "}]\""}], "c": null}, "s": "x,}", "n": -1.5e3, "t": true, "arr": [[], {}]}"#
        let spans = reading(json) { reader -> [String: String]? in
            guard reader.beginObject() else { return nil }
            var found: [String: String] = [:]
            while let key = reader.nextKey() {
                guard let raw = reader.rawValue() else { return nil }
                found[key] = String(decoding: raw, as: UTF8.self)
            }
            return reader.atEnd() ? found : nil
        }
        XCTAssertEqual(spans, ["o": #"{"a": [1, {"b": "}]\""}], "c": null}"#, "s": #""x,}""#, "n": "-1.5e3", "t": "true", "arr": "[[], {}]"])
        XCTAssertNil(reading(#"{"a": [1, 2"#) { reader -> UnsafeRawBufferPointer? in
            _ = reader.beginObject()
            _ = reader.nextKey()
            return reader.rawValue()
        }, "an unclosed array has no span")
    }

    func testKeyTableMatchesNamesByTheirBytes() {
        let names = JSONKeyTable(["provider", "model", "prompt"])
        let found = reading(#"{"model": 1, "pro\u0076ider": 2, "prompts": 3, "prompt": {"inner": 4, "x": 5}, "": 6}"#) { reader -> [Int]? in
            guard reader.beginObject() else { return nil }
            var indices: [Int] = []
            while let index = reader.nextKey(in: names) {
                indices.append(index)
                if index == 2 {
                    // A nested object keeps its own comma bookkeeping, and the outer one resumes.
                    guard reader.beginObject(), reader.nextKey() == "inner", reader.integer() == 4,
                          reader.nextKey() == "x", reader.integer() == 5, reader.nextKey() == nil else { return nil }
                } else if reader.integer() == nil {
                    return nil
                }
            }
            return reader.atEnd() ? indices : nil
        }
        XCTAssertEqual(found, [1, 0, 3, 2, 3], "an escaped name is decoded before matching; unknown names answer count")
        XCTAssertNil(reading("}") { reader -> String? in reader.nextKey() }, "a closing brace outside any object fails")
        XCTAssertEqual(reading("}") { reader -> Bool in _ = reader.nextKey(); return reader.failed }, true)
    }

    func testBooleans() {
        XCTAssertEqual(reading("true") { $0.bool() }, true)
        XCTAssertEqual(reading(" false") { $0.bool() }, false)
        XCTAssertNil(reading("nul") { $0.bool() })
    }
}
