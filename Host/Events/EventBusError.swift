/// Why the bus refused a topic, a pattern or a checked publish. `message` names the offending text
/// so the host can show it to a plugin author unchanged.
public struct EventBusError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
