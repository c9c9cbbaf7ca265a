@testable import AIPHost
import XCTest

/// Which plugins `aip call` loads for one capability.
final class CallClosureTests: XCTestCase {
    private func plugin(_ name: String, provides: [String] = [], requires: [String] = [], publishes: [String] = [],
                        subscribes: [String] = []) -> PluginSummary {
        PluginSummary(name: name, version: "1.0.0", description: "", path: "/p/\(name).so", language: "c", state: "available",
                      threadSafe: true, provides: provides.map { "\($0)@1.0.0" }, requires: requires, publishes: publishes,
                      subscribes: subscribes, failure: nil, health: nil)
    }

    func testProvidersRequirementsAndListenersAreLoadedTheRestNot() {
        let catalogue = [
            plugin("gateway", provides: ["gateway.chat"], requires: ["prompt.render ^1 (optional)", "cost.check ^1", "* "],
                   publishes: ["gateway.#", "llm.usage"]),
            plugin("prompt", provides: ["prompt.render"], subscribes: ["llm.usage"]),
            plugin("cost", provides: ["cost.check"], requires: ["pricing.table ^2"], subscribes: ["llm.usage"]),
            plugin("pricing", provides: ["pricing.table"]),
            plugin("audit", subscribes: ["gateway.response"]),
            // Subscribes to everything but needs the daemon's own capabilities: not startable in the CLI.
            plugin("http", provides: ["http.routes"], requires: ["host.plugins.list ^1"], subscribes: ["#"]),
            plugin("greeter", provides: ["greeter.greet"], publishes: ["greeter.greeted"]),
        ]
        XCTAssertEqual(CallClosure.plugins(for: "gateway.chat", among: catalogue), ["gateway", "prompt", "cost", "pricing", "audit"])
        XCTAssertEqual(CallClosure.plugins(for: "greeter.greet", among: catalogue), ["greeter"])
        XCTAssertEqual(CallClosure.plugins(for: "cost.check", among: catalogue), ["cost", "pricing"])
        // A plugin's own capability is called even when it cannot start, so that its refusal is reported.
        XCTAssertEqual(CallClosure.plugins(for: "http.routes", among: catalogue), ["http"])
        XCTAssertNil(CallClosure.plugins(for: "nobody.provides", among: catalogue))
        XCTAssertEqual(CallClosure.startablePlugins(catalogue), ["gateway", "prompt", "cost", "pricing", "audit", "greeter"])
    }

    func testTopicPatternsOverlap() {
        XCTAssertTrue(CallClosure.overlap("gateway.#", "gateway.response"))
        XCTAssertTrue(CallClosure.overlap("gateway.response", "gateway.*"))
        XCTAssertTrue(CallClosure.overlap("llm.usage", "#"))
        XCTAssertTrue(CallClosure.overlap("a.*", "a.b.#"))
        XCTAssertFalse(CallClosure.overlap("gateway.#", "prompt.rendered"))
        XCTAssertFalse(CallClosure.overlap("a.b", "a.b.c"))
        XCTAssertFalse(CallClosure.overlap("not a pattern..", "#"))
    }
}
