import AIPluginABI
import Foundation
import AIPLocking

/// Calls, errors and a latency histogram for one capability entry. Kept behind a plain mutex:
/// the critical section is a few additions, far cheaper than the call being measured.
final class CallStats: Sendable {
    /// Upper bounds of the latency buckets, in seconds (Prometheus `le` labels).
    static let bucketBounds: [Double] = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]
    private static let boundNanos: [UInt64] = bucketBounds.map { UInt64($0 * 1e9) }

    struct Counts {
        var calls: UInt64 = 0
        var errors: UInt64 = 0
        var totalNanos: UInt64 = 0
        /// One counter per bound plus the overflow bucket (+Inf); not cumulative.
        var buckets = [UInt64](repeating: 0, count: CallStats.bucketBounds.count + 1)
    }

    private let counts = Locked(Counts())

    @inline(__always) static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    func record(status: aip_status, nanoseconds: UInt64) {
        var bucket = Self.boundNanos.count
        for (index, bound) in Self.boundNanos.enumerated() where nanoseconds <= bound {
            bucket = index
            break
        }
        counts.withLock { counts in
            counts.calls &+= 1
            if status != AIP_OK { counts.errors &+= 1 }
            counts.totalNanos &+= nanoseconds
            counts.buckets[bucket] &+= 1
        }
    }

    func snapshot() -> Counts { counts.withLock { $0 } }
}

/// Call statistics of one capability, summed over its providers (and over the instances a hot
/// reload replaced), as `host.metrics` reports them.
public struct CapabilityMetrics: Codable, Sendable, Equatable {
    public var capability: String
    public var calls: UInt64
    public var errors: UInt64
    public var latencySecondsSum: Double
    /// Cumulative counts per `CallStats.bucketBounds` entry, then the +Inf bucket (== calls).
    public var latencyBuckets: [LatencyBucket]

    public struct LatencyBucket: Codable, Sendable, Equatable {
        /// Upper bound in seconds; nil for +Inf.
        public var le: Double?
        public var count: UInt64
    }
}

extension PluginHost {
    /// Turns on per-call accounting (metrics, in-flight counts for drains). The daemon does this
    /// before loading plugins; a CLI host never pays for it.
    public func enableInstrumentation() {
        services.instrumented.store(true, ordering: .sequentiallyConsistent)
    }

    public var isInstrumented: Bool { services.instrumented.load(ordering: .relaxed) }

    /// Per-capability call metrics, by capability name, sorted.
    public func capabilityMetrics() -> [CapabilityMetrics] {
        var merged: [String: CallStats.Counts] = [:]
        for entry in services.registry.allEntries() {
            let counts = entry.stats.snapshot()
            var total = merged[entry.name] ?? CallStats.Counts()
            total.calls &+= counts.calls
            total.errors &+= counts.errors
            total.totalNanos &+= counts.totalNanos
            for index in total.buckets.indices { total.buckets[index] &+= counts.buckets[index] }
            merged[entry.name] = total
        }
        return merged.keys.sorted().map { name in
            let counts = merged[name]!
            var cumulative: UInt64 = 0
            var buckets: [CapabilityMetrics.LatencyBucket] = []
            for (index, count) in counts.buckets.enumerated() {
                cumulative &+= count
                buckets.append(.init(le: index < CallStats.bucketBounds.count ? CallStats.bucketBounds[index] : nil, count: cumulative))
            }
            return CapabilityMetrics(capability: name, calls: counts.calls, errors: counts.errors,
                                     latencySecondsSum: Double(counts.totalNanos) / 1e9, latencyBuckets: buckets)
        }
    }
}
