import AIPConformance
import Foundation
import XCTest

/// The suite passes plugins that keep the ABI contract: the host tests' model provider, and both
/// example plugins (C with its manifest, Swift).
final class GoodPluginTests: XCTestCase {
    func testWellBehavedProviderPassesEveryCheck() throws {
        let run = try runSuite(try ConformanceFixtures.goodProvider(), ["--seed", "11", "--iterations", "100"])
        assertPassed(run)
        XCTAssertEqual(run.report.plugin, "fx-provider")
        // Every check ran on every one of its nine capabilities (thread-safe: concurrency too).
        for check in [ConformanceCheck.call, .fuzz, .concurrency, .latency] {
            XCTAssertEqual(run.report.results.filter { $0.check == check && $0.outcome == .passed }.count, 9, check.rawValue)
        }
        XCTAssertEqual(try run.result(.lifecycle).outcome, .passed)
        XCTAssertEqual(try run.result(.events).outcome, .passed)
        let fuzz = try run.result(.fuzz, "fx.add").detail
        XCTAssertTrue(fuzz.hasPrefix("100 inputs (seed 11)"), fuzz)
        let call = try run.result(.call, "fx.add").detail
        XCTAssertTrue(call.contains("\"[0, 0]\" → ok: 0"), call)
    }

    func testCounterExampleInADirectoryWithItsManifestPasses() throws {
        let scratch = try TemporaryDirectory()
        let directory = try ConformanceFixtures.pluginDirectory(library: try ConformanceFixtures.counter(), libraryName: "libcounter.so",
                                                                manifest: ConformanceFixtures.counterManifest, in: scratch)
        let run = try runSuite(directory, ["--seed", "5", "--iterations", "200"])
        assertPassed(run)
        XCTAssertEqual(try run.result(.manifest).outcome, .passed)
        XCTAssertEqual(try run.result(.manifest).detail, "plugin.json agrees with the descriptor")
        // counter.increment publishes counter.changed on every successful call.
        let events = try run.result(.events).detail
        XCTAssertTrue(events.contains("all within its publishes patterns (counter.#)"), events)
    }

    func testSwiftGreeterExamplePasses() throws {
        let run = try runSuite(try ConformanceFixtures.greeter(), ["--seed", "5", "--iterations", "200"])
        assertPassed(run)
        XCTAssertEqual(run.report.plugin, "greeter")
        XCTAssertEqual(try run.result(.concurrency, "greeter.greet").outcome, .passed)
        XCTAssertEqual(try run.result(.manifest).outcome, .skipped)
    }

    func testPackagedPluginIsTestedWithTheManifestInsideThePackage() throws {
        let scratch = try TemporaryDirectory()
        let directory = try ConformanceFixtures.pluginDirectory(library: try ConformanceFixtures.counter(), libraryName: "libcounter.so",
                                                                manifest: ConformanceFixtures.counterManifest, in: scratch)
        let package = scratch.path + "/counter.aipkg"
        var environment = suiteEnvironment
        environment["AIP_HOME"] = scratch.path + "/home"
        let packed = try runProcess(try ConformanceFixtures.aip(), ["plugin", "pack", directory, "-o", package], environment: environment)
        XCTAssertEqual(packed.status, 0, packed.errorOutput)
        let run = try runSuite(package, ["--seed", "5", "--iterations", "50"])
        assertPassed(run)
        XCTAssertEqual(try run.result(.manifest).outcome, .passed)
        XCTAssertEqual(run.report.path, package)
        XCTAssertTrue(run.report.library.hasSuffix("libcounter.so"), run.report.library)
    }
}

/// A plugin with requirements runs with its providers loaded beside it (--with); without them
/// it cannot start, and the suite says why rather than fuzzing a plugin that is not running.
final class RequirementTests: XCTestCase {
    func testAConsumerPassesWithItsProviderLoadedBesideIt() throws {
        let provider = try ConformanceFixtures.goodProvider()
        let consumer = try ConformanceFixtures.hostFixture("good_consumer")
        let run = try runSuite(consumer, ["--seed", "2", "--iterations", "40", "--with", provider])
        assertPassed(run)
        XCTAssertEqual(run.report.plugin, "fx-consumer")
        XCTAssertEqual(run.report.results.compactMap(\.capability).filter { $0.hasPrefix("fx.echo") }, [],
                       "the provider is loaded, not tested")
    }

    func testWithoutItsProviderTheConsumerFailsToStartAndSaysWhy() throws {
        let run = try runSuite(try ConformanceFixtures.hostFixture("good_consumer"), ["--seed", "2", "--iterations", "5"])
        XCTAssertEqual(run.status, 1)
        let lifecycle = try run.result(.lifecycle).detail
        XCTAssertTrue(lifecycle.hasPrefix("cycle 1: the plugin did not start (dependency): "), lifecycle)
        XCTAssertTrue(lifecycle.contains("fx.echo"), lifecycle)
        XCTAssertTrue(try run.result(.call, "fx.relay").detail.hasPrefix("the plugin did not start (dependency): "))
    }
}
