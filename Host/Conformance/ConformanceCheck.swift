/// The checks of `aip plugin test`, in the order they run and are reported.
public enum ConformanceCheck: String, Sendable, Codable, CaseIterable {
    /// The image loads and its descriptor passes the host's validation.
    case descriptor
    /// plugin.json (or the .aipkg's manifest) says what the descriptor says.
    case manifest
    /// init/start/stop/shutdown twice, in order, with no host call out of order.
    case lifecycle
    /// Each capability answers a well-formed call with some status.
    case call
    /// Each capability survives malformed and random payloads.
    case fuzz
    /// Each capability of a thread-safe plugin survives concurrent calls.
    case concurrency
    /// No single call took longer than the bound (judged from the call and fuzz checks).
    case latency
    /// Every publish and subscription stayed inside the declared topics (judged from every check).
    case events

    /// Latency and events run no code of their own: they are verdicts on what the other checks'
    /// child processes observed.
    public var runsInChild: Bool { self != .latency && self != .events }

    /// Checks that run once per capability rather than once per plugin.
    public var isPerCapability: Bool { [.call, .fuzz, .concurrency, .latency].contains(self) }
}
