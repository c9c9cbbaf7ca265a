import Foundation
import AIPLocking

/// How the router orders the deployments of one model.
public enum RoutingStrategy: String, Sendable, CaseIterable {
    case weighted
    case leastBusy = "least-busy"
    case lowestLatency = "lowest-latency"
    case lowestCost = "lowest-cost"
}

/// A model name clients use, the deployments that serve it, and where to go when they fail.
public struct ModelGroup: Sendable {
    public var name: String
    public var deployments: [Deployment]
    public var strategy: RoutingStrategy
    /// Other model names tried in order once this one's deployments have failed.
    public var fallbacks: [String]
    /// Model names with a larger window, tried when the prompt does not fit (defaults to `fallbacks`).
    public var contextWindowFallbacks: [String]
    public var rpm: Int?
    public var tpm: Int?
    /// `embeddings` or `chat`: what `/v1/models` lists it as.
    public var mode: String

    public init(name: String, deployments: [Deployment], strategy: RoutingStrategy = .weighted, fallbacks: [String] = [],
                contextWindowFallbacks: [String]? = nil, rpm: Int? = nil, tpm: Int? = nil, mode: String = "chat") {
        self.name = name
        self.deployments = deployments
        self.strategy = strategy
        self.fallbacks = fallbacks
        self.contextWindowFallbacks = contextWindowFallbacks ?? fallbacks
        self.rpm = rpm
        self.tpm = tpm
        self.mode = mode
    }
}

public struct RetryPolicy: Sendable {
    /// Attempts per model after the first, spread over its deployments.
    public var retries: Int
    public var backoffBaseMs: Int
    public var backoffMaxMs: Int
    /// How long a deployment is skipped after a 429 (unless Retry-After says longer) or after
    /// `allowedFailures` consecutive failures.
    public var cooldownMs: Int
    public var allowedFailures: Int

    public init(retries: Int = 2, backoffBaseMs: Int = 100, backoffMaxMs: Int = 2_000, cooldownMs: Int = 30_000, allowedFailures: Int = 3) {
        self.retries = retries
        self.backoffBaseMs = backoffBaseMs
        self.backoffMaxMs = backoffMaxMs
        self.cooldownMs = cooldownMs
        self.allowedFailures = allowedFailures
    }

    /// Exponential backoff before retry `attempt` (1-based), honouring a Retry-After within the cap.
    public func backoffMs(attempt: Int, retryAfterSeconds: Double?) -> Int {
        if let retryAfterSeconds, retryAfterSeconds > 0 { return min(Int(retryAfterSeconds * 1000), backoffMaxMs) }
        return min(backoffBaseMs << min(max(attempt - 1, 0), 16), backoffMaxMs)
    }
}

/// Chooses deployments and remembers how each one behaves: requests in flight, latency
/// (exponentially weighted), consecutive failures and cool-down.
public final class Router: Sendable {
    public enum Outcome: Sendable {
        case success(latencyMs: Double)
        case failure(UpstreamFailure)
    }

    struct Health {
        var inFlight = 0
        var latencyMs: Double?
        var failures = 0
        var coolUntilMs: Int64 = 0
    }

    public let groups: [String: ModelGroup]
    public let policy: RetryPolicy
    private let health = Locked<[String: Health]>([:])
    private let random: @Sendable () -> Double
    private let clock: @Sendable () -> Int64

    public init(groups: [ModelGroup], policy: RetryPolicy = RetryPolicy(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                clock: @escaping @Sendable () -> Int64 = Router.monotonicMs) {
        self.groups = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.policy = policy
        self.random = random
        self.clock = clock
    }

    public static let monotonicMs: @Sendable () -> Int64 = {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    public func group(_ name: String) -> ModelGroup? { groups[name] }

    /// The deployments of `group` in the order to try them: those cooling down last (a model whose
    /// every deployment cools down is still tried, rather than failing without a call).
    public func order(_ group: ModelGroup) -> [Deployment] {
        // One deployment has one order, cooling or not: no need to read the shared health.
        if group.deployments.count == 1 { return group.deployments }
        let now = clock()
        let states = health.withLock { all in group.deployments.map { all[$0.id] ?? Health() } }
        var ready: [(Deployment, Health)] = []
        var cooling: [(Deployment, Health)] = []
        for (deployment, state) in zip(group.deployments, states) {
            if state.coolUntilMs > now { cooling.append((deployment, state)) } else { ready.append((deployment, state)) }
        }
        cooling.sort { $0.1.coolUntilMs < $1.1.coolUntilMs }
        return arrange(ready, strategy: group.strategy).map(\.0) + cooling.map(\.0)
    }

    private func arrange(_ candidates: [(Deployment, Health)], strategy: RoutingStrategy) -> [(Deployment, Health)] {
        switch strategy {
        case .weighted:
            // Weighted sampling without replacement: the first pick follows the weights, the rest
            // are the order to fall back in.
            var pool = candidates
            var ordered: [(Deployment, Health)] = []
            while !pool.isEmpty {
                let total = pool.reduce(0) { $0 + max($1.0.weight, 0) }
                var point = random() * total
                var chosen = pool.count - 1
                if total > 0 {
                    for (index, candidate) in pool.enumerated() {
                        point -= max(candidate.0.weight, 0)
                        if point < 0 { chosen = index; break }
                    }
                } else {
                    chosen = 0
                }
                ordered.append(pool.remove(at: chosen))
            }
            return ordered
        case .leastBusy:
            return stableSorted(candidates) { $0.1.inFlight < $1.1.inFlight }
        case .lowestLatency:
            // Unmeasured deployments go first so that each gets measured.
            return stableSorted(candidates) { ($0.1.latencyMs ?? -1) < ($1.1.latencyMs ?? -1) }
        case .lowestCost:
            return stableSorted(candidates) {
                $0.0.inputPricePerMillion + $0.0.outputPricePerMillion < $1.0.inputPricePerMillion + $1.0.outputPricePerMillion
            }
        }
    }

    private func stableSorted(_ items: [(Deployment, Health)], by less: ((Deployment, Health), (Deployment, Health)) -> Bool) -> [(Deployment, Health)] {
        items.enumerated().sorted { left, right in
            if less(left.element, right.element) { return true }
            if less(right.element, left.element) { return false }
            return left.offset < right.offset
        }.map(\.element)
    }

    public func begin(_ deployment: Deployment) {
        health.withLock { $0[deployment.id, default: Health()].inFlight += 1 }
    }

    public func end(_ deployment: Deployment, _ outcome: Outcome) {
        let now = clock()
        health.withLock { all in
            var state = all[deployment.id] ?? Health()
            state.inFlight = max(0, state.inFlight - 1)
            switch outcome {
            case .success(let latency):
                state.latencyMs = state.latencyMs.map { $0 * 0.8 + latency * 0.2 } ?? latency
                state.failures = 0
                state.coolUntilMs = 0
            case .failure(let failure):
                switch failure.kind {
                case .rateLimited:
                    let wait = max(Int64(policy.cooldownMs), Int64((failure.retryAfterSeconds ?? 0) * 1000))
                    state.coolUntilMs = now + wait
                case .serverError, .timeout:
                    state.failures += 1
                    if state.failures >= policy.allowedFailures { state.coolUntilMs = now + Int64(policy.cooldownMs) }
                case .contextWindowExceeded, .clientError:
                    break
                }
            }
            all[deployment.id] = state
        }
    }

    public struct DeploymentState: Sendable {
        public let inFlight: Int
        public let latencyMs: Double?
        public let failures: Int
        public let coolingDown: Bool
    }

    public func state(of deploymentID: String) -> DeploymentState {
        let now = clock()
        let state = health.withLock { $0[deploymentID] ?? Health() }
        return DeploymentState(inFlight: state.inFlight, latencyMs: state.latencyMs, failures: state.failures, coolingDown: state.coolUntilMs > now)
    }
}
