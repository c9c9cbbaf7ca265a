import AIPConfig
import AIPLocking

/// Counters the gateway keeps: requests by outcome, cache hits and misses, retries, fallbacks,
/// upstream failures by kind, streams the client left.
public final class GatewayMetrics: Sendable {
    private let counters = Locked<[String: Int]>([:])

    public init() {}

    public func add(_ name: String, _ amount: Int = 1) {
        counters.withLock { $0[name, default: 0] += amount }
    }

    public func value(_ name: String) -> Int { counters.withLock { $0[name] ?? 0 } }

    public var json: JSONValue {
        .object(counters.withLock { $0 }.mapValues { .int(Int64($0)) })
    }
}
