import Foundation
import AIPConfig
import Crypto
import Synchronization

/// Exact-match cache of non-streamed chat completions, keyed by the normalised request (its JSON
/// with sorted keys, without fields that do not change the answer), each entry kept `ttlMs`.
public final class ResponseCache: Sendable {
    struct Entry {
        let completion: JSONValue
        let expiresAtMs: Int64
        let sequence: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        var sequence: UInt64 = 0
    }

    public let ttlMs: Int64
    public let maxEntries: Int
    private let state = Mutex(State())
    private let clock: @Sendable () -> Int64
    public let metrics: GatewayMetrics

    public init(ttlMs: Int64, maxEntries: Int, metrics: GatewayMetrics, clock: @escaping @Sendable () -> Int64 = Router.monotonicMs) {
        self.ttlMs = ttlMs
        self.maxEntries = max(maxEntries, 1)
        self.metrics = metrics
        self.clock = clock
    }

    /// Fields that do not change the answer, left out of the key.
    static let ignoredFields: Set<String> = ["user", "stream", "stream_options", "metadata", "store"]

    public static func key(model: String, body: [String: JSONValue]) -> String {
        var normalised = body.filter { !ignoredFields.contains($0.key) }
        normalised["model"] = .string(model)
        let digest = SHA256.hash(data: Array(JSONValue.object(normalised).serialized(sortedKeys: true).utf8))
        return Hex.encode(digest)
    }

    public func lookup(_ key: String) -> JSONValue? {
        let now = clock()
        let found = state.withLock { state -> JSONValue? in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expiresAtMs > now else {
                state.entries.removeValue(forKey: key)
                return nil
            }
            return entry.completion
        }
        metrics.add(found == nil ? "cache_misses" : "cache_hits")
        return found
    }

    public func store(_ key: String, _ completion: JSONValue) {
        let now = clock()
        state.withLock { state in
            state.sequence += 1
            state.entries[key] = Entry(completion: completion, expiresAtMs: now + ttlMs, sequence: state.sequence)
            guard state.entries.count > maxEntries else { return }
            state.entries = state.entries.filter { $0.value.expiresAtMs > now }
            while state.entries.count > maxEntries, let oldest = state.entries.min(by: { $0.value.sequence < $1.value.sequence }) {
                state.entries.removeValue(forKey: oldest.key)
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
