@testable import PromptCore
import XCTest

final class StatsTests: XCTestCase {
    private func usage(_ version: Int, requestID: String?, cost: String? = "0.0015", latency: Double = 120,
                       input: Int = 100, output: Int = 20, cached: Int? = 10, name: String = "p") -> LLMUsageEvent {
        LLMUsageEvent(provider: "openai", model: "gpt-4o-mini", inputTokens: input, outputTokens: output, cachedInputTokens: cached,
                      costUsd: cost, latencyMs: latency, project: "web", user: "u1", tenant: "acme", requestId: requestID,
                      prompt: LLMUsageEvent.PromptReference(name: name, version: version))
    }

    func testUsageFeedbackAndRendersAddUpPerVersion() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "p", firstVersion: textVersion("a {{x}}"))
        try registry.createVersion(name: "p", textVersion("b {{x}}"))

        XCTAssertEqual(try registry.recordUsage(usage(1, requestID: "r1")), .recorded)
        XCTAssertEqual(try registry.recordUsage(usage(1, requestID: "r2", cost: "0.1", latency: 80)), .recorded)
        XCTAssertEqual(try registry.recordUsage(usage(1, requestID: "r1")), .duplicate)
        XCTAssertEqual(try registry.recordUsage(usage(2, requestID: nil, cost: nil)), .recorded)
        XCTAssertEqual(try registry.recordUsage(usage(9, requestID: "r3")), .ignored("no version 9 of prompt 'p'"))
        XCTAssertEqual(try registry.recordUsage(LLMUsageEvent(provider: "openai", model: "m", inputTokens: 1, outputTokens: 1)),
                       .ignored("the event names no prompt"))
        XCTAssertEqual(try registry.recordFeedback(PromptFeedbackEvent(name: "p", version: 1, score: 1, requestId: "f1")), .recorded)
        XCTAssertEqual(try registry.recordFeedback(PromptFeedbackEvent(name: "p", version: 1, score: 0)), .recorded)
        XCTAssertEqual(try registry.recordFeedback(PromptFeedbackEvent(name: "p", version: 1, score: 1, requestId: "f1")), .duplicate)
        for _ in 0..<3 { _ = try registry.render(name: "p", .version(2), variables: ["x": "1"]) }

        let stats = try registry.stats(name: "p")
        XCTAssertEqual(stats.map(\.version), [1, 2])
        let first = stats[0]
        XCTAssertEqual(first.llmCalls, 2)
        XCTAssertEqual(first.inputTokens, 200)
        XCTAssertEqual(first.outputTokens, 40)
        XCTAssertEqual(first.cachedInputTokens, 20)
        XCTAssertEqual(first.costUsd, "0.1015")
        XCTAssertEqual(first.costedCalls, 2)
        XCTAssertEqual(first.averageLatencyMs, 100)
        XCTAssertEqual(first.maxLatencyMs, 120)
        XCTAssertEqual(first.feedbackCount, 2)
        XCTAssertEqual(first.feedbackAverage, 0.5)
        XCTAssertEqual(stats[1].renders, 3)
        XCTAssertEqual(stats[1].llmCalls, 1)
        XCTAssertEqual(stats[1].costUsd, "0")
        XCTAssertEqual(stats[1].costedCalls, 0)

        // Figures live in the file, renders included once flushed.
        try registry.close()
        XCTAssertEqual(try fixture.secondConnection().stats(name: "p", versions: [2]).first?.renders, 3)
        assertPromptError(.notFound, try registry.stats(name: "p", versions: [4]), contains: ["no version 4"])
    }

    func testDecimalCostsAddExactly() throws {
        let fixture = try RegistryFixture()
        try fixture.registry.create(name: "p", firstVersion: textVersion("x"))
        for index in 0..<10 { try fixture.registry.recordUsage(usage(1, requestID: "r\(index)", cost: "0.1")) }
        XCTAssertEqual(try fixture.registry.stats(name: "p")[0].costUsd, "1")
    }

    func testBadUsageEventsAreRefusedWithTheField() throws {
        let fixture = try RegistryFixture()
        try fixture.registry.create(name: "p", firstVersion: textVersion("x"))
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "a", input: -1)), contains: ["input_tokens", "-1"])
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "b", output: 1_000_000_000_000)), contains: ["output_tokens"])
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "c", cost: "1e-3")), contains: ["cost_usd", "1e-3"])
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "d", cost: "-0.1")), contains: ["cost_usd"])
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "e", latency: -.infinity)), contains: ["latency_ms"])
        assertPromptError(.invalidArgument, try fixture.registry.recordUsage(usage(1, requestID: "f", input: 5, cached: 6)), contains: ["cached_input_tokens"])
        assertPromptError(.invalidArgument, try fixture.registry.recordFeedback(PromptFeedbackEvent(name: "p", version: 1, score: .nan)), contains: ["score"])
        XCTAssertEqual(try fixture.registry.stats(name: "p")[0].llmCalls, 0)
    }
}
