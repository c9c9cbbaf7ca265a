import PluginTestKit
import XCTest

/// A call that does not return in time throws instead of hanging the test. kit-hang's hang.sleep
/// sleeps 10 s; every assertion here must finish long before that.
final class TimeoutTests: XCTestCase {
    func testACallThatDoesNotReturnInTimeThrowsTimedOut() throws {
        let host = try PluginTestHost()
        try host.load(TestPlugins.hang())
        let started = ContinuousClock.now
        XCTAssertThrowsError(try host.callRaw("hang.sleep", timeout: .milliseconds(300))) { error in
            XCTAssertEqual(error as? PluginTestError, .timedOut(operation: "call to hang.sleep", after: .milliseconds(300)))
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
    }

    func testTheHostsDefaultTimeoutAppliesToEveryCall() throws {
        struct Woke: Decodable { let woke: Bool }
        let host = try PluginTestHost(timeout: .milliseconds(200))
        try host.load(TestPlugins.hang())
        let started = ContinuousClock.now
        XCTAssertThrowsError(try host.call("hang.sleep", as: Woke.self)) { error in
            guard case .timedOut(_, let after) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertEqual(after, .milliseconds(200))
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
    }

    func testTheHostStillWorksAndStopsPromptlyAfterATimeOut() throws {
        let host = try PluginTestHost()
        try host.load([TestPlugins.hang(), TestPlugins.probe()])
        XCTAssertThrowsError(try host.callRaw("hang.sleep", timeout: .milliseconds(100)))
        XCTAssertEqual(try host.callRaw("probe.fail").status, .invalidArgument)
        let started = ContinuousClock.now
        try host.stop()
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
        XCTAssertFalse(FileManager.default.fileExists(atPath: host.directory))
    }
}
