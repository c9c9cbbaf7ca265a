/// A marketplace operation that could not be done. The message names the marketplace, package,
/// file or URL concerned and the reason, and says what the operator can do where there is a way.
public struct MarketError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
