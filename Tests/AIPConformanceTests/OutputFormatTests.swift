import AIPConformance
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The three renderings of a report (table, JSON, JUnit XML) and the exit codes.
final class OutputFormatTests: XCTestCase {
    func testHumanTableListsEveryCheckThenTheFailuresThenTheSeed() throws {
        let scratch = try TemporaryDirectory()
        let result = try runProcess(try ConformanceFixtures.aip(),
                                    ["plugin", "test", "--seed", "31", "--iterations", "10", try ConformanceFixtures.fixture("rogue_publisher")],
                                    environment: suiteEnvironment, currentDirectory: scratch.path)
        XCTAssertEqual(result.status, 1, result.errorOutput)
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("aip plugin test: fx-rogue 1.0.0 (") ?? false, result.output)
        XCTAssertEqual(lines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true),
                       ["CHECK", "CAPABILITY", "RESULT", "DETAIL", "TIME"])
        XCTAssertTrue(lines.contains { $0.hasPrefix("fuzz ") && $0.contains("rogue.echo") && $0.contains(" pass ") }, result.output)
        XCTAssertTrue(lines.contains { $0.hasPrefix("events ") && $0.contains(" FAIL ") }, result.output)
        XCTAssertTrue(lines.contains { $0.hasPrefix("FAIL events: published to audit.secret") }, result.output)
        XCTAssertTrue(lines.last?.hasPrefix("FAILED: 5 passed, 1 failed, 2 skipped in ") ?? false, result.output)
        XCTAssertTrue(lines.last?.hasSuffix("seed 31 (rerun the same inputs with --seed 31)") ?? false, result.output)
    }

    func testJUnitHasOneTestcasePerReportLineWithFailuresAndSkips() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.path + "/report.xml"
        let run = try runSuite(try ConformanceFixtures.fixture("crash_on_huge"), ["--seed", "7", "--iterations", "8", "--junit", file])
        let document = try JUnitDocument(contentsOf: file)
        XCTAssertEqual(document.suiteAttributes["tests"], String(run.report.results.count))
        XCTAssertEqual(document.suiteAttributes["failures"], "1")
        XCTAssertEqual(document.suiteAttributes["skipped"], String(run.report.results.filter { $0.outcome == .skipped }.count))
        XCTAssertEqual(document.testcases.count, run.report.results.count)
        XCTAssertEqual(document.properties["seed"], "7")
        let failing = try XCTUnwrap(document.testcases.first { $0.failureMessage != nil })
        XCTAssertEqual(failing.name, "fuzz crash.echo")
        XCTAssertEqual(failing.classname, "fx-crash.fuzz")
        XCTAssertEqual(failing.failureMessage, try run.result(.fuzz, "crash.echo").detail)
        XCTAssertTrue(failing.failureBody.contains("reproduce: aip plugin test --seed 7 --iterations 4 "), failing.failureBody)
        XCTAssertEqual(document.testcases.filter(\.skipped).map(\.name), ["manifest", "concurrency crash.echo"])
    }

    func testJSONReportCarriesTheOptionsAndAVerdictPerLine() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("start_once"), ["--seed", "3", "--iterations", "5", "--max-call-ms", "700", "--timeout", "9"])
        XCTAssertEqual(run.report.options, ConformanceOptions(seed: 3, iterations: 5, maxCallMilliseconds: 700, timeoutSeconds: 9))
        XCTAssertFalse(run.report.passed)
        XCTAssertEqual(run.report.results.map(\.check),
                       [.descriptor, .manifest, .lifecycle, .call, .fuzz, .concurrency, .latency, .events])
        XCTAssertGreaterThan(try run.result(.lifecycle).milliseconds, 0, "checks run in a child are timed")
    }

    func testUsageErrorsAndMissingTargets() throws {
        let aip = try ConformanceFixtures.aip()
        let usage = try runProcess(aip, ["plugin", "test", "--iterations", "0", "x.so"], environment: suiteEnvironment)
        XCTAssertEqual(usage.status, 64)
        XCTAssertTrue(usage.errorOutput.contains("--iterations must be at least 1"), usage.errorOutput)
        let missing = try runProcess(aip, ["plugin", "test", "/nonexistent/libnothing.so"], environment: suiteEnvironment)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errorOutput.contains("/nonexistent/libnothing.so does not exist"), missing.errorOutput)
        let scratch = try TemporaryDirectory()
        let empty = try runProcess(aip, ["plugin", "test", scratch.path], environment: suiteEnvironment)
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.errorOutput.contains("holds no .so file"), empty.errorOutput)
    }
}

/// The parts of a JUnit file the tests look at, read with Foundation's XML parser (which also
/// proves the file is well-formed).
private final class JUnitDocument: NSObject, XMLParserDelegate {
    struct Testcase {
        var name = ""
        var classname = ""
        var failureMessage: String?
        var failureBody = ""
        var skipped = false
    }

    private(set) var suiteAttributes: [String: String] = [:]
    private(set) var properties: [String: String] = [:]
    private(set) var testcases: [Testcase] = []
    private var inFailure = false

    init(contentsOf path: String) throws {
        super.init()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = self
        guard parser.parse() else { throw FixtureError("malformed JUnit XML: \(parser.parserError.map { "\($0)" } ?? "?")") }
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuite": suiteAttributes = attributes
        case "property": properties[attributes["name"] ?? ""] = attributes["value"]
        case "testcase": testcases.append(Testcase(name: attributes["name"] ?? "", classname: attributes["classname"] ?? ""))
        case "failure":
            testcases[testcases.count - 1].failureMessage = attributes["message"]
            inFailure = true
        case "skipped": testcases[testcases.count - 1].skipped = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "failure" { inFailure = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inFailure { testcases[testcases.count - 1].failureBody += string }
    }
}
