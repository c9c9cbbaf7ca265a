@testable import AIPConformance
import AIPHost
import AIPluginABI
import Foundation
import XCTest

/// The lifecycle rules the recorder enforces, driven directly through the observer protocol the
/// host calls (the end-to-end tests drive it through real plugins).
final class HostCallRecorderTests: XCTestCase {
    private func recorder() -> HostCallRecorder {
        HostCallRecorder(plugin: "p", label: "", emitter: ChildEmitter(output: FileHandle.nullDevice), maxCallMilliseconds: 1000)
    }

    private func call(_ recorder: HostCallRecorder, _ function: String, _ subject: String? = nil, status: Int32? = AIP_OK, plugin: String = "p") {
        recorder.pluginCalledHost(ObservedHostCall(plugin: plugin, function: function, subject: subject, status: status))
    }

    private func step(_ recorder: HostCallRecorder, _ function: LifecycleFunction, status: Int32? = AIP_OK, body: () -> Void = {}) {
        recorder.hostWillCall(function, of: "p")
        body()
        recorder.hostDidCall(function, of: "p", status: status)
    }

    private func orderNotes(_ recorder: HostCallRecorder) -> [String] {
        recorder.observations.notes.filter { $0.kind == .order }.map(\.text)
    }

    func testCallsAllowedInEachPhasePassQuietly() {
        let recorder = recorder()
        step(recorder, .initialise) {
            for function in ["log", "config_json", "data_dir", "subscribe", "register_capability"] { call(recorder, function) }
        }
        step(recorder, .start) { call(recorder, "lookup", "x.y") }
        call(recorder, "publish", "p.done")
        call(recorder, "call_by_name", "x.y")
        step(recorder, .stop) { call(recorder, "publish", "p.stopping") }
        step(recorder, .shutdown, status: nil) { call(recorder, "unsubscribe", "1") }
        XCTAssertEqual(recorder.observations.notes.count, 0, "\(recorder.observations.notes)")
        XCTAssertEqual(recorder.observations.publishes, 2)
        XCTAssertEqual(recorder.hostCalls, 10)
        XCTAssertEqual(recorder.phase, .shutDown)
    }

    func testCallsToOtherPluginsBeforeStartAndAnythingAfterShutdownAreNoted() {
        let recorder = recorder()
        step(recorder, .initialise) {
            call(recorder, "lookup", "x.y", status: AIP_ERR_UNAVAILABLE)
            call(recorder, "publish", "p.early")
        }
        call(recorder, "call_by_name", "x.y")
        step(recorder, .start)
        step(recorder, .stop)
        step(recorder, .shutdown, status: nil)
        call(recorder, "log")
        call(recorder, "log")
        XCTAssertEqual(orderNotes(recorder), [
            "called host->lookup(\"x.y\") during init, before start",
            "called host->publish(\"p.early\") during init, before start",
            "called host->call_by_name(\"x.y\") after init, before start",
            "called host->log after shutdown returned",
        ])
        XCTAssertEqual(recorder.observations.notes.last?.count, 2)
    }

    func testRefusedPublishesAndSubscriptionsAreNotedOtherPluginsIgnored() {
        let recorder = recorder()
        step(recorder, .initialise) { call(recorder, "subscribe", "secret.#", status: AIP_ERR_PERMISSION_DENIED) }
        step(recorder, .start)
        call(recorder, "publish", "audit.x", status: AIP_ERR_PERMISSION_DENIED)
        call(recorder, "publish", "audit.x", status: AIP_ERR_PERMISSION_DENIED)
        call(recorder, "publish", "audit.y", status: AIP_ERR_PERMISSION_DENIED, plugin: "someone-else")
        let notes = recorder.observations.notes
        XCTAssertEqual(notes.map(\.kind), [.subscribe, .publish])
        XCTAssertEqual(notes.map(\.text), ["secret.#", "audit.x"])
        XCTAssertEqual(notes.map(\.count), [1, 2])
        XCTAssertEqual(recorder.observations.publishes, 0)
    }

    func testAFailingOrSlowStopIsAProblem() {
        let recorder = HostCallRecorder(plugin: "p", label: "", emitter: ChildEmitter(output: FileHandle.nullDevice), maxCallMilliseconds: 10)
        step(recorder, .initialise)
        step(recorder, .start)
        step(recorder, .stop, status: AIP_ERR_INTERNAL) { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(recorder.problems.count, 2)
        XCTAssertEqual(recorder.problems.first, "stop failed with internal")
        XCTAssertTrue(recorder.problems.last?.hasSuffix("more than the 10 ms bound: it must return promptly") ?? false, "\(recorder.problems)")
    }
}
