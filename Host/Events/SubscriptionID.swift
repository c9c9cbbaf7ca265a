/// Names one subscription. Never 0, so C callers can use 0 for "none".
public struct SubscriptionID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt64

    /// For ids that travelled through the C ABI as a plain integer.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "#\(rawValue)" }
}
