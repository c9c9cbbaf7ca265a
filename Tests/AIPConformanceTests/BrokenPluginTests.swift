@testable import AIPConformance
import Foundation
import XCTest

/// Each broken fixture fails exactly the check its misbehaviour breaks, with the reason spelled
/// out, and the suite exits 1. The other checks still run and pass: one broken rule must not hide
/// the state of the rest.
final class BrokenPluginTests: XCTestCase {
    func testCrashOnAHugePayloadNamesSignalCapabilityInputSeedAndIndex() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("crash_on_huge"), ["--seed", "7", "--iterations", "30"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["fuzz crash.echo"])
        let fuzz = try run.result(.fuzz, "crash.echo")
        // Input #3 is the first huge string (see FuzzCorpus): the first payload over 4 KB.
        XCTAssertTrue(fuzz.detail.hasPrefix("crashed with SIGSEGV (segmentation fault) calling crash.echo with fuzz input #3 (seed 7, huge string): \""),
                      fuzz.detail)
        // The exact input, rebuilt from seed and index, cut to its first 200 bytes.
        let input = FuzzCorpus.input(seed: 7, capability: "crash.echo", signature: nil, index: 3)
        XCTAssertGreaterThan(input.bytes.count, 4096)
        XCTAssertTrue(fuzz.detail.hasSuffix(": " + InputRendering.render(input.bytes)), fuzz.detail)
        XCTAssertTrue(fuzz.detail.hasSuffix("… (\(input.bytes.count) bytes, first 200 shown)"), fuzz.detail)
        XCTAssertTrue(fuzz.details.contains { $0.hasPrefix("reproduce: aip plugin test --seed 7 --iterations 4 ") }, "\(fuzz.details)")
        XCTAssertEqual(try run.result(.call, "crash.echo").outcome, .passed)
        XCTAssertEqual(try run.result(.lifecycle).outcome, .passed)
    }

    func testTheSameSeedReproducesTheSameFailingInput() throws {
        let plugin = try ConformanceFixtures.fixture("crash_on_huge")
        let first = try runSuite(plugin, ["--seed", "123456", "--iterations", "4"])
        let second = try runSuite(plugin, ["--seed", "123456", "--iterations", "4"])
        let other = try runSuite(plugin, ["--seed", "99", "--iterations", "4"])
        let detail = try first.result(.fuzz, "crash.echo").detail
        XCTAssertTrue(detail.contains("fuzz input #3 (seed 123456, huge string)"), detail)
        XCTAssertEqual(try second.result(.fuzz, "crash.echo").detail, detail)
        XCTAssertEqual(second.report.options.seed, 123456)
        let otherDetail = try other.result(.fuzz, "crash.echo").detail
        XCTAssertTrue(otherDetail.contains("(seed 99, huge string)"), otherDetail)
    }

    func testACrashLeavesNoCoreDumpInTheWorkingDirectory() throws {
        let workingDirectory = try TemporaryDirectory()
        let run = try runSuite(try ConformanceFixtures.fixture("crash_on_huge"), ["--seed", "7", "--iterations", "10"], in: workingDirectory.path)
        XCTAssertEqual(try run.result(.fuzz, "crash.echo").outcome, .failed)
        let left = try FileManager.default.contentsOfDirectory(atPath: workingDirectory.path)
        XCTAssertEqual(left, [], "the suite left files behind in its working directory")
    }

    func testTheCheckProcessDisablesCoreDumpsBeforeLoadingThePlugin() throws {
        // Control: with core dumps allowed, a crashing process here leaves a core file behind.
        let control = try TemporaryDirectory()
        _ = try runProcess("/bin/sh", ["-c", "ulimit -c unlimited && kill -SEGV $$"], currentDirectory: control.path)
        guard !(try FileManager.default.contentsOfDirectory(atPath: control.path)).isEmpty else {
            throw XCTSkip("this machine writes no core files into the working directory (core_pattern), so there is nothing to prevent")
        }
        // The same allowance for a check process whose plugin crashes on fuzz input #3.
        let directory = try TemporaryDirectory()
        var environment = suiteEnvironment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let child = try runProcess("/bin/sh", ["-c", "ulimit -c unlimited && exec \"$0\" \"$@\"", try ConformanceFixtures.aip(),
                                               "plugin", "test-child", "--check", "fuzz", "--capability", "crash.echo", "--seed", "7",
                                               "--iterations", "5", "--max-call-ms", "1000", "--threads", "1",
                                               "--data-root", directory.path + "/data", "--", try ConformanceFixtures.fixture("crash_on_huge")],
                                   environment: environment, currentDirectory: directory.path)
        XCTAssertTrue(child.output.hasSuffix("{\"fuzzIndex\":3}\n"), "the child died on input #3: \(child.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "data" }
        XCTAssertEqual(left, [], "a core file was written")
    }

    func testAHangIsKilledAndReportedWithTheInputInFlight() throws {
        let started = Date()
        let run = try runSuite(try ConformanceFixtures.fixture("hang_on_deep"), ["--seed", "7", "--iterations", "30", "--timeout", "2"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["fuzz hang.parse"])
        let fuzz = try run.result(.fuzz, "hang.parse")
        // Input #4 is the first deeply nested one; the fixture hangs past 100 brackets.
        XCTAssertTrue(fuzz.detail.hasPrefix("hung after 2 s calling hang.parse with fuzz input #4 (seed 7, deep nesting): \"[[[[")
                      || fuzz.detail.hasPrefix("hung after 2 s calling hang.parse with fuzz input #4 (seed 7, deep nesting): \"{\\\"a\\\":{"),
                      fuzz.detail)
        XCTAssertGreaterThanOrEqual(fuzz.milliseconds, 2000)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "only the hanging check waits for the time-out")
    }

    func testASlowCallFailsTheLatencyBound() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("slow_on_empty"), ["--seed", "7", "--iterations", "12", "--max-call-ms", "300"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["latency slow.echo"])
        let latency = try run.result(.latency, "slow.echo")
        XCTAssertTrue(latency.detail.hasPrefix("slowest call took "), latency.detail)
        XCTAssertTrue(latency.detail.contains(", over the 300 ms bound: fuzz input #0 (seed 7, empty): (empty)"), latency.detail)
    }

    func testAPluginThatIsNotThreadSafeAfterAllCrashesUnderConcurrency() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("racy"), ["--seed", "7", "--iterations", "40"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["concurrency racy.count"])
        let concurrency = try run.result(.concurrency, "racy.count")
        XCTAssertTrue(concurrency.detail.hasPrefix("crashed with SIGABRT (abort) during 4 threads × 10 calls to racy.count (seed 7)"),
                      concurrency.detail)
        XCTAssertEqual(try run.result(.fuzz, "racy.count").outcome, .passed, "one call at a time is fine")
    }

    func testHostCallsBeforeStartAndAfterShutdownFailTheLifecycle() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("late_publisher"), ["--seed", "7", "--iterations", "10"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["lifecycle"])
        let lifecycle = try run.result(.lifecycle)
        XCTAssertTrue(lifecycle.detail.contains("called host->lookup(\"late.tick\") during init, before start"), lifecycle.detail)
        XCTAssertTrue(lifecycle.detail.contains("called host->publish(\"late.tick\") after shutdown returned"), lifecycle.detail)
    }

    func testAPluginThatStartsOnlyOnceFailsTheSecondCycle() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("start_once"), ["--seed", "7", "--iterations", "10"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["lifecycle"])
        XCTAssertEqual(try run.result(.lifecycle).detail,
                       "cycle 2: the plugin did not start (start): start failed (conflict): fx-once: already started once in this process")
    }

    func testPublishingOutsideTheDeclaredTopicsFailsTheEventsCheck() throws {
        let run = try runSuite(try ConformanceFixtures.fixture("rogue_publisher"), ["--seed", "7", "--iterations", "10"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["events"])
        let events = try run.result(.events)
        XCTAssertTrue(events.detail.hasPrefix("published to audit.secret, outside its publishes patterns (rogue.#); refused "), events.detail)
        XCTAssertFalse(events.detail.contains("rogue.called"), "declared topics are not reported")
    }

    func testAManifestClaimingAMissingCapabilityFailsTheManifestCheck() throws {
        let scratch = try TemporaryDirectory()
        let directory = try ConformanceFixtures.pluginDirectory(library: try ConformanceFixtures.fixture("manifest_liar"),
                                                                libraryName: "libmanifest_liar.so",
                                                                manifest: ConformanceFixtures.liarManifest, in: scratch)
        let run = try runSuite(directory + "/libmanifest_liar.so", ["--seed", "7", "--iterations", "10"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.failedChecks, ["manifest"])
        let manifest = try run.result(.manifest)
        XCTAssertTrue(manifest.detail.hasPrefix("plugin.json disagrees with the descriptor: "), manifest.detail)
        XCTAssertTrue(manifest.detail.contains("liar.extra"), manifest.detail)
        XCTAssertFalse(manifest.detail.contains("liar.echo"), "the capability both declare is not a mismatch")
    }

    func testAFileTheHostRefusesFailsTheDescriptorCheckWithTheHostsReason() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.path + "/libnotaplugin.so"
        try Data("not a shared library\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try runSuite(path, ["--seed", "7"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.report.results.map(\.check), [.descriptor], "nothing else can run on a plugin the host refuses")
        let descriptor = try run.result(.descriptor)
        XCTAssertTrue(descriptor.detail.hasPrefix("refused by the host (file): is not an ELF shared library"), descriptor.detail)
    }

    func testAPluginThatCrashesWhileLoadingFailsTheDescriptorCheck() throws {
        let run = try runSuite(try ConformanceFixtures.hostFixture("crash_in_entry"), ["--seed", "7"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.report.results.map(\.check), [.descriptor])
        XCTAssertEqual(try run.result(.descriptor).detail, "crashed with SIGSEGV (segmentation fault) during load")
    }
}
