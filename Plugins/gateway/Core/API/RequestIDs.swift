import Synchronization

/// Identifiers for requests (`chatcmpl-gw-…`): unique, unpredictable-looking, 24 hex digits, and
/// no system call. A process draws one random key at start; each identifier is a 32-bit tag of
/// that key and a bijective mix of a counter with it, so identifiers never repeat within a process
/// and collide across processes only if their random keys do. (Drawing 12 random bytes per request
/// cost two `getrandom` calls.) Not for secrets: virtual keys use `Hex.random`.
public enum RequestIDs {
    private static let key: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    public static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        return suffix(count: count, key: key)
    }

    /// The identifier for the `count`-th request of a process whose key is `key`.
    static func suffix(count: UInt64, key: UInt64) -> String {
        let tag = UInt32(truncatingIfNeeded: key >> 32)
        let mixed = mix(count &+ key)
        return Hex.encode(withUnsafeBytes(of: tag.bigEndian) { Array($0) } + withUnsafeBytes(of: mixed.bigEndian) { Array($0) })
    }

    /// SplitMix64's finaliser: a bijection of 64-bit values, so distinct counts give distinct mixes.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
