/// How downloads behave. The defaults suit an operator installing from a remote index: a few
/// retries with growing pauses, and a transfer that stalls for half a minute counts as failed.
public struct FetchOptions: Sendable {
    /// Further attempts after the first one fails for a reason worth retrying (network, 5xx, 429, stall).
    public var retries: Int = 4
    /// Pause before the first retry; it doubles each time (with up to 25 % jitter) up to `maximumBackoff`.
    public var backoff: Double = 0.2
    public var maximumBackoff: Double = 5
    public var connectTimeout: Int = 10
    /// A transfer slower than `stallBytesPerSecond` for `stallSeconds` is aborted (and retried).
    public var stallBytesPerSecond: Int = 64
    public var stallSeconds: Int = 30
    /// Upper bound for one attempt, in seconds; 0 means none.
    public var totalTimeout: Int = 0
    public var progress: ProgressMode = .auto
    public var userAgent: String = "aip-market/1"

    public init() {}
}

/// Whether to draw a progress bar on stderr.
public enum ProgressMode: Sendable {
    /// A bar when stderr is a terminal, nothing otherwise (logs and pipes stay clean).
    case auto
    case quiet
    case bar
}
