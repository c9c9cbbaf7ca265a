import AIPTestSupport
@testable import PromptCore
import Synchronization
import XCTest

/// `llm.usage` events stored in batches: the same figures as one by one, each outcome reported,
/// nothing lost while the store refuses writes, and statistics writes leave cached alias
/// resolutions alone.
final class UsageStatsQueueTests: XCTestCase {
    private func usage(_ version: Int, _ requestID: String?, cost: String? = "0.0015", latency: Double = 100,
                       name: String = "p") -> LLMUsageEvent {
        LLMUsageEvent(provider: "openai", model: "gpt-4o-mini", inputTokens: 100, outputTokens: 20, cachedInputTokens: 10,
                      costUsd: cost, latencyMs: latency, requestId: requestID,
                      prompt: LLMUsageEvent.PromptReference(name: name, version: version))
    }

    func testABatchAddsUpLikeSingleEventsAndReportsEachOutcome() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "p", firstVersion: textVersion("a {{x}}"))
        try registry.createVersion(name: "p", textVersion("b {{x}}"))
        let reported = Mutex<[RecordOutcome]>([])
        let queue = UsageStatsQueue(registry: registry, maxBatch: 4, report: { _, outcomes in reported.withLock { $0 += outcomes } })
        queue.start()
        let events = [usage(1, "r1"), usage(1, "r2", cost: "0.1", latency: 300), usage(1, "r1"), usage(2, nil, cost: nil),
                      usage(9, "r3"), usage(2, "r4"), usage(1, "r5", name: "missing"), usage(2, "r4")]
        for event in events { try queue.enqueue(event) }
        XCTAssertTrue(queue.flush())
        XCTAssertEqual(queue.backlog, 0)
        XCTAssertEqual(reported.withLock { $0 }, [
            .recorded, .recorded, .duplicate, .recorded,
            .ignored("no version 9 of prompt 'p'"), .recorded, .ignored("no version 1 of prompt 'missing'"), .duplicate,
        ])
        let stats = try registry.stats(name: "p")
        XCTAssertEqual(stats[0].llmCalls, 2)
        XCTAssertEqual(stats[0].costUsd, "0.1015")
        XCTAssertEqual(stats[0].costedCalls, 2)
        XCTAssertEqual(stats[0].averageLatencyMs, 200)
        XCTAssertEqual(stats[0].maxLatencyMs, 300)
        XCTAssertEqual(stats[0].inputTokens, 200)
        XCTAssertEqual(stats[1].llmCalls, 2)
        XCTAssertEqual(stats[1].costUsd, "0.0015")
        XCTAssertEqual(stats[1].costedCalls, 1)
        XCTAssertEqual(queue.stop(), 0)

        // A malformed event is refused at once, naming the field, and never queued.
        assertPromptError(.invalidArgument, try queue.enqueue(usage(1, "bad", cost: "-1")), contains: ["cost_usd"])
    }

    func testEventsWaitWhileTheStoreRefusesWritesAndStopCountsThem() throws {
        let directory = try TemporaryDirectory()
        let registry = try PromptRegistry(path: directory.path + "/prompts.sqlite", maxDatabaseBytes: 256 * 1024)
        try registry.create(name: "p", firstVersion: textVersion("a {{x}}"))
        let filler = String(repeating: "Answer politely and precisely. ", count: 300)
        var full = false
        for number in 0..<200 where !full {
            do { try registry.createVersion(name: "p", textVersion("\(number) \(filler) {{x}}")) } catch { full = true }
        }
        XCTAssertTrue(full, "256 KiB should not hold 200 versions of 9 KB")
        let failures = Mutex(0)
        let queue = UsageStatsQueue(registry: registry, maxBatch: 50, firstRetryDelay: 0.01, maxRetryDelay: 0.02,
                                    failed: { _, _ in failures.withLock { $0 += 1 } })
        // Long request ids: the seen-events rows of a batch need pages the full file does not have.
        // Queued before the writer starts, so that the first batch is a whole one.
        for index in 0..<200 { try queue.enqueue(usage(1, "request-\(index)-" + String(repeating: "x", count: 400))) }
        queue.start()
        XCTAssertFalse(queue.flush(), "flush answers false while the store refuses writes")
        XCTAssertEqual(queue.backlog, 200, "nothing is dropped while the store is failing")
        // The failure is reported just after flush is woken: give the writer a moment to report it.
        let deadline = Date().addingTimeInterval(5)
        while failures.withLock({ $0 }) == 0 && Date() < deadline { usleep(1_000) }
        XCTAssertGreaterThan(failures.withLock { $0 }, 0, "each refused attempt is reported")
        XCTAssertEqual(try registry.stats(name: "p", versions: [1])[0].llmCalls, 0, "a refused batch leaves nothing half-written")
        XCTAssertEqual(queue.stop(), 200, "stop reports what could not be stored")
    }

    func testStatisticsWritesKeepCachedResolutionsButAliasMovesDropThem() throws {
        let fixture = try RegistryFixture()
        let registry = try PromptRegistry(path: fixture.path, recheckInterval: .zero)
        try registry.create(name: "p", firstVersion: textVersion("a {{x}}"))
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 1)])
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "1"]).text, "a 1")
        func cached() -> Bool { registry.cache.withLock { $0.targets[ResolutionKey(name: "p", alias: "production")] != nil } }
        XCTAssertTrue(cached())

        // Another connection's statistics write: the file changed, the resolutions did not.
        let other = try fixture.secondConnection()
        XCTAssertEqual(try other.recordUsage(usage(1, "elsewhere")), .recorded)
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "2"]).text, "a 2")
        XCTAssertTrue(cached(), "a statistics write does not empty the resolution cache")

        // Its alias move does, and is seen at once (recheck interval zero).
        try other.createVersion(name: "p", textVersion("b {{x}}"))
        try other.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 2)])
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "3"]).text, "b 3")
    }
}
