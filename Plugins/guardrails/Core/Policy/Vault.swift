import Foundation
import Synchronization

/// Originals of placeholder redactions, held in memory only, each set under a random key that
/// the verdict returns to the caller. Bounded: the oldest sets go first past `capacity`, and sets
/// expire after `lifetime`.
public final class Vault: Sendable {
    /// A placeholder and the text it replaced; placeholders of one set are distinct.
    typealias Original = (placeholder: String, original: String)

    private struct Entry {
        var originals: [Original]
        var created: ContinuousClock.Instant
    }

    /// A key's 128 random bits: hashed as two words, where its 32-digit text took a string hash
    /// (and a store hashes a key twice, inserting it and evicting the oldest).
    private struct Key: Hashable {
        var bits: (UInt64, UInt64)

        init(_ bits: (UInt64, UInt64)) { self.bits = bits }

        /// The bits of a key's text as `text` writes it; nil for anything else.
        init?(_ text: String) {
            guard text.utf8.count == 32 else { return nil }
            var words: (UInt64, UInt64) = (0, 0)
            for (index, byte) in text.utf8.enumerated() {
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - 0x30
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - 0x57
                default: return nil
                }
                let shifted = UInt64(nibble) << UInt64((index & 15) * 4)
                if index < 16 { words.0 |= shifted } else { words.1 |= shifted }
            }
            bits = words
        }

        /// 32 lower-case hex digits, the low nibble of each word first (written by hand:
        /// `String(format:)` cost more than the rest of a check).
        var text: String {
            String(unsafeUninitializedCapacity: 32) { key in
                for index in 0..<32 {
                    let word = index < 16 ? bits.0 : bits.1
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64((index & 15) * 4)) & 0xF
                    key[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                }
                return 32
            }
        }

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.bits == rhs.bits }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bits.0)
            hasher.combine(bits.1)
        }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Keys oldest first from `head` on, with their creation time (so finding expired sets
        /// needs no look-up); the consumed prefix is dropped in bulk, so evicting one set costs
        /// O(1) instead of shifting a 10,000-key array on every store.
        var order: [(key: Key, created: ContinuousClock.Instant)] = []
        var head = 0
        /// Random words for the next keys, two per key, used from `nextRandom` on and never
        /// twice: one call into the C library's generator (which reads the kernel's) per 128
        /// keys, where one per key put a system call on every redacting check.
        var random = [UInt64](repeating: 0, count: 256)
        var nextRandom = 256

        mutating func randomKey() -> Key {
            if nextRandom == random.count {
                random.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                nextRandom = 0
            }
            defer {
                // Spent words are cleared, so that a later key cannot be read from this buffer.
                random[nextRandom] = 0
                random[nextRandom + 1] = 0
                nextRandom += 2
            }
            return Key((random[nextRandom], random[nextRandom + 1]))
        }

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

    /// Stores the originals of a set of placeholders; returns the key.
    func store(_ originals: [Original]) -> String {
        let now = ContinuousClock.now
        let key = state.withLock { state in
            let key = state.randomKey()
            state.entries[key] = Entry(originals: originals, created: now)
            state.order.append((key, now))
            while state.order.count - state.head > capacity
                    || (state.head < state.order.count && now - state.order[state.head].created > lifetime) {
                state.evictOldest()
            }
            return key
        }
        return key.text
    }

    /// `text` with every placeholder of `key` replaced by its original.
    public func restore(_ text: String, key: String) throws(GuardrailsError) -> String {
        let now = ContinuousClock.now
        guard let key = Key(key), let entry = state.withLock({ $0.entries[key] }), now - entry.created <= lifetime else {
            throw .unknownVaultKey
        }
        var restored = text
        // Longest first, so that `[EMAIL_1]` does not replace the start of `[EMAIL_10]`.
        for (placeholder, original) in entry.originals.sorted(by: { $0.placeholder.count > $1.placeholder.count }) {
            restored = restored.replacingOccurrences(of: placeholder, with: original)
        }
        return restored
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
