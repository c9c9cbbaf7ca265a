@testable import AIPConformance
import Foundation
import XCTest

/// How the parent words a child's death, from the protocol lines it left (no process involved).
final class ChildVerdictTests: XCTestCase {
    private let verdict = ChildVerdict(check: .fuzz, capability: "x.echo", signature: nil, seed: 21, reproduceCommand: "aip plugin test --seed 21 --iterations {iterations} lib.so")

    private func run(_ lines: [ChildLine], _ ending: ChildRun.Ending, stderr: [String] = []) -> ChildRun {
        ChildRun(lines: lines, ending: ending, standardErrorTail: stderr, milliseconds: 12)
    }

    func testACrashOnAFuzzInputNamesSignalCapabilityIndexSeedAndBytes() {
        let input = FuzzCorpus.input(seed: 21, capability: "x.echo", signature: nil, index: 6)
        let result = verdict.result(of: run([ChildLine(stage: "fuzz x.echo"), ChildLine(fuzzIndex: 5), ChildLine(fuzzIndex: 6)],
                                            .signalled(SIGSEGV), stderr: ["boom"]))
        XCTAssertEqual(result.outcome, .failed)
        XCTAssertEqual(result.detail, "crashed with SIGSEGV (segmentation fault) calling x.echo with fuzz input #6 (seed 21, binary noise): "
                       + InputRendering.render(input.bytes))
        XCTAssertEqual(result.details, ["reproduce: aip plugin test --seed 21 --iterations 7 lib.so", "stderr: boom"])
        XCTAssertEqual(result.milliseconds, 12)
    }

    func testAHangOutsideFuzzingNamesTheStageAndItsInput() {
        let result = verdict.result(of: run([ChildLine(stage: "fuzz x.echo"), ChildLine(fuzzIndex: 999), ChildLine(stage: "stop")], .hung(seconds: 60)))
        XCTAssertEqual(result.detail, "hung after 60 s during stop")
        let call = ChildVerdict(check: .call, capability: "x.echo", signature: nil, seed: 1, reproduceCommand: "")
            .result(of: run([ChildLine(stage: "call x.echo", input: "\"{}\"")], .signalled(SIGABRT)))
        XCTAssertEqual(call.detail, "crashed with SIGABRT (abort) during call x.echo with input \"{}\"")
    }

    func testAFinishedChildGivesItsOwnVerdictAndOtherEndingsAreFailures() {
        let passed = CheckResult.passed(.fuzz, "x.echo", "fine")
        XCTAssertEqual(verdict.result(of: run([ChildLine(result: passed)], .exited(0))).detail, "fine")
        XCTAssertEqual(verdict.result(of: run([ChildLine(result: passed)], .signalled(SIGSEGV))).detail,
                       "crashed with SIGSEGV (segmentation fault) after the check finished, while the process exited")
        XCTAssertEqual(verdict.result(of: run([ChildLine(stage: "init")], .exited(3))).detail,
                       "the check process exited with status 3 during init (did the plugin call exit?)")
        XCTAssertEqual(verdict.result(of: run([], .exited(0))).detail, "the check process ended without a verdict before it reported anything")
    }
}
