import AIPConfig
import Foundation
@testable import GuardrailsCore
import XCTest

/// The issue's bad inputs: invalid UTF-8, a 50 MB text, a malformed term-list line, an invalid
/// JSON Schema, an unknown policy. Each gets a clear error; nothing crashes; memory stays bounded.
final class BadInputTests: XCTestCase {
    func testInvalidUTF8NamesTheFirstBadByte() {
        for (bytes, offset) in [([0x61, 0x62, 0xFF, 0x63], 2), ([0xE4, 0xBD], 0), ([0x61, 0xC0, 0xAF], 1), ([0xED, 0xA0, 0x80], 0),
                                ([0xF4, 0x90, 0x80, 0x80], 0)] as [([UInt8], Int)] {
            XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { try Fixture.builtIn.check(utf8: $0, stage: .input, policy: nil) }) { error in
                XCTAssertEqual(error as? GuardrailsError, .invalidUTF8(byteOffset: offset))
                XCTAssertEqual("\(error)", "text is not valid UTF-8 (first bad byte at offset \(offset))")
            }
        }
        let valid = Array("ok 你好 😀".utf8)
        XCTAssertNoThrow(try valid.withUnsafeBufferPointer { try Fixture.builtIn.check(utf8: $0, stage: .input, policy: nil) })
    }

    func testFiftyMegabytesIsRefusedByDefault() {
        let text = String(repeating: "mail a.b@example.com now. ", count: 2_000_000)
        XCTAssertThrowsError(try Fixture.builtIn.check(CheckRequest(text: text))) { error in
            XCTAssertEqual("\(error)", "text of 52000000 bytes exceeds max_input_bytes (1048576)")
        }
    }

    func testFiftyMegabytesWithARaisedLimitRunsInBoundedMemory() throws {
        let engine = try Fixture.engine(#"""
        {"max_input_bytes": 60000000, "max_findings": 100,
         "policies": {"big": {"input": {"pii": {"action": "redact"}, "sensitive_words": {"action": "block"}}}}}
        """#)
        let text = String(repeating: "mail a.b@example.com now. ", count: 2_000_000)
        let before = Self.peakResidentBytes()
        let verdict = try engine.check(CheckRequest(text: text, policy: "big"))
        let growth = Self.peakResidentBytes() - before
        XCTAssertEqual(verdict.findings.count, 100, "findings are capped at max_findings")
        XCTAssertEqual(verdict.action, .redact)
        // The input (52 MB) and one redacted copy of it are unavoidable; nothing else may scale.
        XCTAssertLessThan(growth, 200 << 20, "peak memory grew by \(growth >> 20) MiB")
    }

    func testMalformedTermListLinesAreNamedByLine() {
        let cases: [(String, String)] = [
            ("ok\nbad\tcat\t0.5\textra\n", "list.txt:2: expected at most 3 tab-separated fields (term, category, weight), found 4"),
            ("# comment\n\nterm\tcat\t1.5\n", "list.txt:3: weight '1.5' is not a number between 0 and 1"),
            ("a\n\tcat\n", "list.txt:2: the term is empty"),
            ("a\n***\n", "list.txt:2: the term has no letters, digits or ideographs to match"),
            ("a\nb\tc d\n", "list.txt:2: category 'c d' must start with a letter and be letters, digits, '_' or '-'"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try TermList.parse(text, name: "list.txt")) { XCTAssertEqual("\($0)", message) }
        }
        XCTAssertEqual(try TermList.parse("敏感词\tpolitics\t0.8\r\nword\n", name: "x").map(\.term), ["敏感词", "word"])
        XCTAssertThrowsError(try TermList.parse("a\r\nb\r\n\tx\r\n", name: "win.txt")) { XCTAssertEqual("\($0)", "win.txt:3: the term is empty") }
        XCTAssertEqual(try TermList.parse("词\t0.3\n", name: "x").first?.weight, 0.3)

    }

    func testTermFilesInTheDataDirectoryAndTheirErrors() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/sensitive-words", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/allow-list", withIntermediateDirectories: true)
        try "代开发票\n办证\n".write(toFile: directory + "/sensitive-words/fraud.txt", atomically: true, encoding: .utf8)
        try "办证大厅\n".write(toFile: directory + "/allow-list/ok.txt", atomically: true, encoding: .utf8)
        let engine = try Fixture.engine("{}", dataDirectory: directory)
        XCTAssertEqual(try Fixture.categories(.sensitiveWords, in: "代 开 发 票，办证", engine: engine), ["fraud", "fraud"])
        XCTAssertEqual(try Fixture.categories(.sensitiveWords, in: "去办证大厅", engine: engine), [])

        try Data([0x61, 0x0A, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: directory + "/sensitive-words/broken.txt"))
        XCTAssertThrowsError(try Fixture.engine("{}", dataDirectory: directory)) { error in
            XCTAssertEqual("\(error)", "sensitive-words/broken.txt:2: not valid UTF-8 (byte offset 2)")
        }
        XCTAssertThrowsError(try Fixture.engine(#"{"sensitive_words": {"files": ["missing.txt"]}}"#, dataDirectory: directory)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read missing.txt:"), "\(error)")
        }
    }

    func testInvalidJSONSchemaNamesThePolicyAndRule() {
        XCTAssertThrowsError(try Fixture.engine(#"{"policies": {"out": {"output": {"json": {"schema": {"type": "object", "minProperties": "two"}}}}}}"#)) {
            XCTAssertTrue("\($0)".hasPrefix("policies.out.output.json.schema: invalid schema at #: \"minProperties\""), "\($0)")
        }
    }

    func testUnknownPolicyAndBadPolicyConfig() {
        XCTAssertThrowsError(try Fixture.builtIn.check(CheckRequest(text: "x", policy: "nope"))) {
            XCTAssertEqual("\($0)", "unknown policy 'nope' (known: default, monitor, strict)")
        }
        let configs: [(String, String)] = [
            (#"{"default_policy": "nope"}"#, "default_policy: unknown policy 'nope'"),
            (#"{"callers": {"bot": "nope"}}"#, "callers.bot: unknown policy 'nope'"),
            (#"{"policies": {"p": {"input": {"spelling": {}}}}}"#, "policies.p.input.spelling: unknown rule"),
            (#"{"policies": {"p": {"input": {"pii": {"action": "explode"}}}}}"#, "policies.p.input.pii.action: must be one of"),
            (#"{"policies": {"p": {"input": {"length": {"action": "block"}}}}}"#, "policies.p.input.length: the length rule needs"),
            (#"{"colour": 1}"#, "colour: unknown setting"),
            (#"{"toxicity": {"terms": ["idiot\tinsult"]}}"#, "toxicity.terms[0]:1: a toxicity entry needs three tab-separated fields"),
            ("{", "config: config:1:2:"),
        ]
        for (config, prefix) in configs {
            XCTAssertThrowsError(try Fixture.engine(config)) { XCTAssertTrue("\($0)".hasPrefix(prefix), "\($0) should start with \(prefix)") }
        }
    }

    private static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
