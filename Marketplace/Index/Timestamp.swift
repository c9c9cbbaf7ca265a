import Foundation

/// A UTC instant written as RFC 3339 `YYYY-MM-DDTHH:MM:SSZ`, the only form indexes use, so that
/// comparing expiry needs no time-zone rules and the text round-trips exactly.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public init(_ date: Date) {
        self.init(secondsSinceEpoch: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public static var now: Timestamp { Timestamp(Date()) }

    /// Accepts exactly `YYYY-MM-DDTHH:MM:SSZ` (no offsets, no fractions).
    public init?(rfc3339 text: String) {
        guard text.utf8.count == 20, text.hasSuffix("Z"),
              let date = Self.formatter().date(from: text) else { return nil }
        self.init(date)
        // The formatter rolls impossible dates over (February 30th becomes March 2nd): refuse them.
        guard description == text else { return nil }
    }

    public var description: String {
        Self.formatter().string(from: Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)))
    }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// A new formatter per use: DateFormatter types are not Sendable, and parsing time stamps is rare.
    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
