import AIPTestSupport
@testable import GatewayCore
import Synchronization
import XCTest

final class RoutingTests: XCTestCase {
    func deployment(_ id: String, weight: Double = 1, price: Double = 0) -> Deployment {
        Deployment(id: id, provider: .openai, model: id, baseURL: "http://x", weight: weight, inputPricePerMillion: price, outputPricePerMillion: price)
    }

    final class FakeClock: Sendable {
        let now = Mutex<Int64>(1_000)
        func advance(_ ms: Int64) { now.withLock { $0 += ms } }
    }

    func testWeightedFollowsTheWeights() {
        let random = Mutex(SeededGenerator(seed: 42))
        let group = ModelGroup(name: "m", deployments: [deployment("a", weight: 3), deployment("b", weight: 1)])
        let router = Router(groups: [group], random: { random.withLock { Double.random(in: 0..<1, using: &$0) } })
        var firsts: [String: Int] = [:]
        for _ in 0..<4000 { firsts[router.order(group)[0].id, default: 0] += 1 }
        XCTAssertEqual(Double(firsts["a"] ?? 0) / 4000, 0.75, accuracy: 0.03)
        XCTAssertEqual(Set(router.order(group).map(\.id)), ["a", "b"], "the rest follow as fallbacks")
    }

    func testLeastBusyLowestLatencyAndLowestCost() {
        let busy = ModelGroup(name: "busy", deployments: [deployment("a"), deployment("b")], strategy: .leastBusy)
        let router = Router(groups: [busy])
        router.begin(deployment("a"))
        XCTAssertEqual(router.order(busy).map(\.id), ["b", "a"])
        router.end(deployment("a"), .success(latencyMs: 5))
        XCTAssertEqual(router.order(busy).map(\.id), ["a", "b"])

        let fast = ModelGroup(name: "fast", deployments: [deployment("slow"), deployment("quick")], strategy: .lowestLatency)
        let latency = Router(groups: [fast])
        latency.begin(deployment("slow"))
        latency.end(deployment("slow"), .success(latencyMs: 300))
        XCTAssertEqual(latency.order(fast).map(\.id), ["quick", "slow"], "an unmeasured deployment is tried first")
        latency.begin(deployment("quick"))
        latency.end(deployment("quick"), .success(latencyMs: 900))
        XCTAssertEqual(latency.order(fast).map(\.id), ["slow", "quick"])

        let cheap = ModelGroup(name: "cheap", deployments: [deployment("dear", price: 10), deployment("cheap", price: 0.1)], strategy: .lowestCost)
        XCTAssertEqual(Router(groups: [cheap]).order(cheap).map(\.id), ["cheap", "dear"])
    }

    func testCoolDownAfterRateLimitAndRepeatedFailures() {
        let clock = FakeClock()
        let group = ModelGroup(name: "m", deployments: [deployment("a"), deployment("b")], strategy: .lowestCost)
        let router = Router(groups: [group], policy: RetryPolicy(cooldownMs: 1_000, allowedFailures: 2), clock: { clock.now.withLock { $0 } })
        router.end(deployment("a"), .failure(UpstreamFailure(kind: .rateLimited, status: 429, message: "")))
        XCTAssertEqual(router.order(group).map(\.id), ["b", "a"], "a cools down, still last resort")
        XCTAssertTrue(router.state(of: "a").coolingDown)
        clock.advance(1_001)
        XCTAssertEqual(router.order(group).map(\.id), ["a", "b"])
        router.end(deployment("a"), .failure(UpstreamFailure(kind: .serverError, status: 502, message: "")))
        XCTAssertFalse(router.state(of: "a").coolingDown, "one failure is allowed")
        router.end(deployment("a"), .failure(UpstreamFailure(kind: .timeout, status: 504, message: "")))
        XCTAssertTrue(router.state(of: "a").coolingDown)
        router.end(deployment("b"), .failure(UpstreamFailure(kind: .rateLimited, status: 429, message: "", retryAfterSeconds: 5)))
        clock.advance(1_001)
        XCTAssertFalse(router.state(of: "a").coolingDown)
        XCTAssertTrue(router.state(of: "b").coolingDown, "Retry-After beyond the cool-down is honoured")
    }

    func testBackoff() {
        let policy = RetryPolicy(backoffBaseMs: 100, backoffMaxMs: 1_000)
        XCTAssertEqual(policy.backoffMs(attempt: 1, retryAfterSeconds: nil), 100)
        XCTAssertEqual(policy.backoffMs(attempt: 3, retryAfterSeconds: nil), 400)
        XCTAssertEqual(policy.backoffMs(attempt: 10, retryAfterSeconds: nil), 1_000)
        XCTAssertEqual(policy.backoffMs(attempt: 1, retryAfterSeconds: 0.25), 250)
        XCTAssertEqual(policy.backoffMs(attempt: 1, retryAfterSeconds: 60), 1_000)
    }

    func testRateLimiterRequestsAndTokensPerMinute() {
        let limiter = RateLimiter()
        XCTAssertEqual(limiter.admit(key: "k", rpm: 2, tpm: nil, tokens: 1, now: 100), .allowed)
        XCTAssertEqual(limiter.admit(key: "k", rpm: 2, tpm: nil, tokens: 1, now: 110), .allowed)
        guard case .limited(let reason, let retry) = limiter.admit(key: "k", rpm: 2, tpm: nil, tokens: 1, now: 120) else { return XCTFail("third request") }
        XCTAssertTrue(reason.contains("2 requests per minute"))
        XCTAssertEqual(retry, 40)
        XCTAssertEqual(limiter.admit(key: "k", rpm: 2, tpm: nil, tokens: 1, now: 161), .allowed, "the first request left the window")
        XCTAssertEqual(limiter.admit(key: "other", rpm: 2, tpm: nil, tokens: 1, now: 120), .allowed, "keys are separate")

        XCTAssertEqual(limiter.admit(key: "t", rpm: nil, tpm: 100, tokens: 80, now: 0), .allowed)
        XCTAssertNotEqual(limiter.admit(key: "t", rpm: nil, tpm: 100, tokens: 30, now: 1), .allowed)
        limiter.adjustTokens(key: "t", delta: -60, now: 1)
        XCTAssertEqual(limiter.admit(key: "t", rpm: nil, tpm: 100, tokens: 30, now: 2), .allowed, "the real count replaced the estimate")
        XCTAssertEqual(limiter.admit(key: "big", rpm: nil, tpm: 10, tokens: 500, now: 0), .allowed, "one request larger than the limit still goes alone")
    }
}
