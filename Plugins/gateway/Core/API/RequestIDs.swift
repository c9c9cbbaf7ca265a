import Foundation
import Synchronization

/// Identifiers for requests (`chatcmpl-gw-…`): unique, ordered by time, 32 hex digits, and no
/// system call. Each is the process's start time in milliseconds (12 digits), a random tag drawn
/// once per process (8 digits) and the process's request counter (12 digits).
///
/// Ordered because the cost ledger and the prompt registry keep an index of request ids (to count
/// a replayed event once): an id after every earlier one lands on the index's last page, so a batch
/// of inserts dirties a page or two; random ids dirtied a page each, and the stores' writers spent
/// a quarter of the daemon's CPU committing and checkpointing them. Two processes started in the
/// same millisecond differ by their tags. Not for secrets: virtual keys use `Hex.random`.
public enum RequestIDs {
    private static let prefix: (millis: UInt64, tag: UInt32) = {
        var generator = SystemRandomNumberGenerator()
        return (UInt64(max(0, Date().timeIntervalSince1970 * 1000)), generator.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    public static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        return identifier(startMillis: prefix.millis, tag: prefix.tag, count: count)
    }

    /// The identifier of the `count`-th request of a process started at `startMillis` with `tag`.
    static func identifier(startMillis: UInt64, tag: UInt32, count: UInt64) -> String {
        let millis = withUnsafeBytes(of: (startMillis & 0xFFFF_FFFF_FFFF).bigEndian) { Array($0.suffix(6)) }
        let tagBytes = withUnsafeBytes(of: tag.bigEndian) { Array($0) }
        let counter = withUnsafeBytes(of: (count & 0xFFFF_FFFF_FFFF).bigEndian) { Array($0.suffix(6)) }
        return Hex.encode(millis + tagBytes + counter)
    }
}
