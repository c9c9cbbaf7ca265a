import AIPConformance
import Foundation
import XCTest

/// One run of `aip plugin test … --json`: its exit status and the decoded report.
struct SuiteRun {
    let status: Int32
    let report: ConformanceReport
    let errorOutput: String

    /// The report line of `check` (on `capability`), failing the test when there is none.
    func result(_ check: ConformanceCheck, _ capability: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CheckResult {
        try XCTUnwrap(report.results.first { $0.check == check && $0.capability == capability },
                      "no \(check.rawValue) \(capability ?? "") line in \(report.results.map { "\($0.check.rawValue) \($0.capability ?? "-")" })",
                      file: file, line: line)
    }

    var failedChecks: [String] {
        report.failures.map { [$0.check.rawValue, $0.capability].compactMap { $0 }.joined(separator: " ") }
    }
}

/// The environment the suite runs in: this process's, without AIP_ settings that would configure
/// the plugins under test differently on another machine.
var suiteEnvironment: [String: String] {
    ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AIP_") }
}

extension XCTestCase {
    /// Runs the suite on `target` with `arguments`, from `directory` (default: a fresh one).
    func runSuite(_ target: String, _ arguments: [String] = [], in directory: String? = nil,
                  file: StaticString = #filePath, line: UInt = #line) throws -> SuiteRun {
        let scratch = try TemporaryDirectory()
        let result = try runProcess(try ConformanceFixtures.aip(), ["plugin", "test", "--json"] + arguments + [target],
                                    environment: suiteEnvironment, currentDirectory: directory ?? scratch.path)
        let report: ConformanceReport
        do { report = try JSONDecoder().decode(ConformanceReport.self, from: Data(result.output.utf8)) } catch {
            XCTFail("no JSON report (exit \(result.status)): \(error)\nstdout: \(result.output)\nstderr: \(result.errorOutput)", file: file, line: line)
            throw error
        }
        return SuiteRun(status: result.status, report: report, errorOutput: result.errorOutput)
    }

    /// Every line that is not skipped passed, and the exit status is 0.
    func assertPassed(_ run: SuiteRun, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.failedChecks, [], run.report.failures.map { "\($0.detail) \($0.details)" }.joined(separator: "\n"),
                       file: file, line: line)
        XCTAssertTrue(run.report.passed, file: file, line: line)
        XCTAssertEqual(run.status, 0, run.errorOutput, file: file, line: line)
    }
}
