/// Deadlines and restart policy for plugins that run in an `aip-plugin-runner` child.
public struct IsolationSettings: Sendable, Equatable {
    /// A call not answered by then fails with `timeout` and is cancelled in the runner.
    public var callTimeout: Duration = .seconds(30)
    /// From spawn to the plugin started.
    public var startTimeout: Duration = .seconds(10)
    public var pingInterval: Duration = .milliseconds(500)
    /// A runner that answers no ping for this long is killed and restarted.
    public var pingTimeout: Duration = .seconds(5)
    /// A cancelled call still running this long after its deadline means the plugin is stuck:
    /// the runner is killed and restarted (its threads cannot be reclaimed any other way).
    public var hangGrace: Duration = .seconds(2)
    /// First restart delay; doubled for each crash in a row, up to `maxRestartBackoff`.
    public var restartBackoff: Duration = .milliseconds(100)
    public var maxRestartBackoff: Duration = .seconds(10)
    /// This many crashes within `crashWindow` open the circuit: no more restarts until enabled again.
    public var maxCrashes = 5
    public var crashWindow: Duration = .seconds(60)
    /// How long a runner may take to stop its plugin and exit before it is killed.
    public var stopTimeout: Duration = .seconds(5)
    /// Calls into one runner at the same time (one socket and one runner thread each); more wait
    /// for one to finish, up to the call timeout.
    public var maxConcurrentCalls = 64

    public init() {}

    /// The delay before restart number `consecutive` (1-based) of a crash streak.
    public func backoff(forCrash consecutive: Int) -> Duration {
        var delay = restartBackoff
        for _ in 1..<max(consecutive, 1) {
            delay *= 2
            if delay >= maxRestartBackoff { return maxRestartBackoff }
        }
        return min(delay, maxRestartBackoff)
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
