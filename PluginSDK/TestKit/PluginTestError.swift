/// Everything the kit throws. Each case reads as a complete sentence in a test log, and carries the
/// values a test may want to assert on (`status`, `message`).
public enum PluginTestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Something the test itself supplied is invalid: the configuration text, a topic or pattern,
    /// a capability name or version, or a second stub for the same capability.
    case invalidSetup(String)
    /// The host refused to load, initialise or start a plugin; `reason` is the host's own text.
    case refused(plugin: String?, stage: String, reason: String)
    /// A capability answered a status other than `ok`; `message` comes from its error body.
    case callFailed(capability: String, status: PluginStatus, message: String)
    /// An operation did not finish within its time-out. A plugin call cannot be cancelled, so the
    /// thread running it was left blocked inside the plugin.
    case timedOut(operation: String, after: Duration)
    /// A value could not be encoded to JSON, or a reply or event could not be decoded.
    case coding(String)
    /// The test host was already stopped.
    case stopped

    /// The status of a failed call, nil for the other cases.
    public var status: PluginStatus? {
        if case .callFailed(_, let status, _) = self { return status }
        return nil
    }

    /// The failure in words, without the case's framing.
    public var message: String {
        switch self {
        case .invalidSetup(let message), .coding(let message): message
        case .refused(_, _, let reason): reason
        case .callFailed(_, _, let message): message
        case .timedOut(let operation, let after): "\(operation) did not finish within \(after)"
        case .stopped: "the plugin test host was stopped"
        }
    }

    public var description: String {
        switch self {
        case .invalidSetup(let message):
            "invalid test setup: \(message)"
        case .refused(let plugin, let stage, let reason):
            "the host refused plugin \(plugin ?? "(unreadable)") at stage \(stage): \(reason)"
        case .callFailed(let capability, let status, let message):
            "\(capability) failed with \(status): \(message)"
        case .timedOut(let operation, let after):
            "\(operation) did not finish within \(after); the thread running it was abandoned, still blocked in the plugin"
        case .coding(let message):
            message
        case .stopped:
            "the plugin test host was stopped; create a new one"
        }
    }
}
