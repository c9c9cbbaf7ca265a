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
        /// Keys oldest first from `head` on, with their creation time (so finding expired sets
        /// needs no look-up); the consumed prefix is dropped in bulk, so evicting one set costs
        /// O(1) instead of shifting a 10,000-key array on every store.
        var order: [(key: String, created: ContinuousClock.Instant)] = []
        var head = 0

        mutating func evictOldest() {
            entries[order[head].key] = nil
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
            state.order.append((key, now))
            while state.order.count - state.head > capacity
                    || (state.head < state.order.count && now - state.order[state.head].created > lifetime) {
                state.evictOldest()
            }
        }
        return key
    }

    /// 128 random bits as 32 hex digits, from one call into the C library's generator (which
    /// reads the kernel's; written by hand: `String(format:)` cost more than the rest of a
    /// check, and a system call per 64 bits doubled the time spent in the kernel).
    private static func randomKey() -> String {
        var bits: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bits) { arc4random_buf($0.baseAddress!, $0.count) }
        return String(unsafeUninitializedCapacity: 32) { key in
            for index in 0..<32 {
                let word = index < 16 ? bits.0 : bits.1
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64((index & 15) * 4)) & 0xF
                key[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return 32
        }
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
