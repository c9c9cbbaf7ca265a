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
        var order: [String] = []
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
        var generator = SystemRandomNumberGenerator()
        let key = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
        let now = ContinuousClock.now
        state.withLock { state in
            state.entries[key] = Entry(originals: originals, created: now)
            state.order.append(key)
            while state.order.count > capacity || state.order.first.map({ now - (state.entries[$0]?.created ?? now) > lifetime }) == true {
                state.entries[state.order.removeFirst()] = nil
            }
        }
        return key
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
