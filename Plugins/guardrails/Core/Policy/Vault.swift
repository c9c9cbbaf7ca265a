import Foundation
import Synchronization

/// Originals of placeholder redactions, held in memory only, each set under a random key that
/// the verdict returns to the caller. Bounded: the oldest sets go first past `capacity`, and sets
/// expire after `lifetime`.
public final class Vault: Sendable {
    private struct Entry {
        var originals: [String: String]
        var created: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys oldest first from `head` on; the consumed prefix is dropped in bulk, so evicting
        /// one set costs O(1) instead of shifting a 10,000-key array on every store.
        var order: [String] = []
        var head = 0

        mutating func evictOldest() {
            entries[order[head]] = nil
            head += 1
            if head >= 1024, head * 2 >= order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    private let state = Mutex(State())
    public let capacity: Int
    public let lifetime: Duration

    public init(capacity: Int = 10_000, lifetime: Duration = .seconds(3600)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// Stores placeholder → original; returns the key.
    func store(_ originals: [String: String]) -> String {
        let key = Self.randomKey()
        let now = ContinuousClock.now
        state.withLock { state in
            state.entries[key] = Entry(originals: originals, created: now)
            state.order.append(key)
            while state.order.count - state.head > capacity
                    || (state.head < state.order.count && now - (state.entries[state.order[state.head]]?.created ?? now) > lifetime) {
                state.evictOldest()
            }
        }
        return key
    }

    /// 128 random bits as 32 hex digits (written by hand: `String(format:)` cost more than the
    /// rest of a check).
    private static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var key = [UInt8](repeating: 0, count: 32)
        for half in 0..<2 {
            var bits = generator.next()
            for index in 0..<16 {
                key[half * 16 + index] = digits[Int(bits & 0xF)]
                bits >>= 4
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// `text` with every placeholder of `key` replaced by its original.
    public func restore(_ text: String, key: String) throws(GuardrailsError) -> String {
        let now = ContinuousClock.now
        guard let entry = state.withLock({ $0.entries[key] }), now - entry.created <= lifetime else {
            throw .unknownVaultKey
        }
        var restored = text
        for (placeholder, original) in entry.originals.sorted(by: { $0.key.count > $1.key.count }) {
            restored = restored.replacingOccurrences(of: placeholder, with: original)
        }
        return restored
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
