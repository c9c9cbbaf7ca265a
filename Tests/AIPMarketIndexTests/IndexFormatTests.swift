@testable import AIPMarketIndex
import Foundation
import XCTest

final class IndexFormatTests: XCTestCase {
    private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testPublishedSchemaFileIsTheEmbeddedOne() throws {
        let file = try String(contentsOf: repositoryRoot.appendingPathComponent("Marketplace/index.schema.json"), encoding: .utf8)
        XCTAssertEqual(IndexSchema.text, file.hasSuffix("\n") ? String(file.dropLast()) : file,
                       "edit Marketplace/index.schema.json and paste it into IndexSchema.swift")
    }

    func testSerialisedIndexParsesBackEqual() throws {
        let index = IndexSamples.index()
        let text = index.serialized()
        XCTAssertEqual(try MarketIndex.parse(Array(text.utf8), source: "index.json"), index)
        XCTAssertEqual(text, IndexSamples.index().serialized(), "the same index must always give the same bytes")
        XCTAssertTrue(text.contains("\"swift_toolchain\" : \"6.3.1\"") || text.contains("\"swift_toolchain\": \"6.3.1\""), text)
    }

    func testMalformedJSONNamesLineAndColumn() {
        XCTAssertThrowsError(try MarketIndex.parse(Array("{\n  \"format\": 1,\n  \"name\": }".utf8), source: "https://m/index.json")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("https://m/index.json: 3:"), text)
            XCTAssertTrue(text.contains("invalid JSON"), text)
        }
    }

    func testSchemaViolationsNameTheField() throws {
        var text = IndexSamples.index().serialized()
        text = text.replacingOccurrences(of: IndexSamples.sha, with: "not-a-hash")
        XCTAssertThrowsError(try MarketIndex.parse(Array(text.utf8), source: "index.json")) { error in
            let problems = (error as? MarketIndexError)?.problems ?? []
            XCTAssertTrue(problems.contains { $0.field == "packages.greeter.versions.1.0.0.sha256" && $0.location != nil }, "\(problems)")
        }
    }

    func testRangesAndTimeStampsAreChecked() throws {
        var text = IndexSamples.index().serialized()
        text = text.replacingOccurrences(of: "\"^1.0\"", with: "\"^^1\"")
        text = text.replacingOccurrences(of: "2027-01-01T00:00:00Z", with: "2027-02-30T00:00:00Z")
        XCTAssertThrowsError(try MarketIndex.parse(Array(text.utf8), source: "index.json")) { error in
            let fields = ((error as? MarketIndexError)?.problems ?? []).map(\.field)
            XCTAssertTrue(fields.contains("packages.counter.versions.1.0.0.requires[0].range"), "\(fields)")
            XCTAssertTrue(fields.contains("expires"), "\(fields)")
        }
    }

    func testExpiryMustFollowGeneration() {
        let text = IndexSamples.index(generated: "2027-06-01T00:00:00Z").serialized()
        XCTAssertThrowsError(try MarketIndex.parse(Array(text.utf8), source: "index.json")) { error in
            XCTAssertTrue("\(error)".contains("expires: must be later than generated"), "\(error)")
        }
    }

    func testUnknownFieldsAndFormatsAreRefused() {
        let text = IndexSamples.index().serialized().replacingOccurrences(of: "\"format\"", with: "\"formats\"")
        XCTAssertThrowsError(try MarketIndex.parse(Array(text.utf8), source: "index.json"))
        XCTAssertThrowsError(try MarketIndex.parse([0xff, 0xfe], source: "index.json")) { error in
            XCTAssertTrue("\(error)".contains("not valid UTF-8"), "\(error)")
        }
    }

    func testTimestampsRoundTrip() {
        for text in ["1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-11-26T21:48:50Z"] {
            XCTAssertEqual(Timestamp(rfc3339: text)?.description, text)
        }
        for text in ["2026-11-26", "2026-11-26T21:48:50+01:00", "2026-13-01T00:00:00Z", "2026-11-26T21:48:50.5Z"] {
            XCTAssertNil(Timestamp(rfc3339: text), text)
        }
    }
}
