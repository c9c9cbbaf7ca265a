import AIPLocking
import Dispatch

/// Where the http plugin runs a capability call. A request's own thread (a Swift concurrency
/// thread, one per core) must never block for long, so calls go to the call-thread pool; but the
/// hop there and back costs more than a trivial call itself. So a call runs inline when its
/// capability is known to be cheap and harmless to run there: every provider is in-process and
/// thread-safe, the recent calls were quick, and no call was slow lately. Everything else, and
/// anything not yet known, goes to the pool.
public final class CallPlacement: Sendable {
    public enum Place: Equatable, Sendable { case inline, pool }

    /// One plugin as `host.plugins.list` describes it (the fields this decision needs).
    public struct Provider: Decodable, Sendable, Equatable {
        public var name: String
        public var state: String
        public var isolation: String
        public var threadSafe: Bool?
        public var provides: [String]

        public init(name: String, state: String, isolation: String, threadSafe: Bool, provides: [String]) {
            self.name = name
            self.state = state
            self.isolation = isolation
            self.threadSafe = threadSafe
            self.provides = provides
        }
    }

    public struct Limits: Sendable {
        /// Inline only while the moving average of a capability's calls stays below this.
        public var averageNanos: Double = 100_000
        /// A single call this long is slow: the capability goes to the pool for `coolDownNanos`.
        public var slowCallNanos: UInt64 = 1_000_000
        public var coolDownNanos: UInt64 = 1_000_000_000
        /// How often an unknown capability may trigger a new look at the plugin list.
        public var refreshIntervalNanos: UInt64 = 1_000_000_000
        public init() {}
    }

    private struct Capability {
        var eligible: Bool
        var averageNanos: Double?
        var slowUntil: UInt64 = 0
    }

    private struct State {
        var capabilities: [String: Capability] = [:]
        var lastRefresh: UInt64?
        var refreshing = false
        /// Invalidated while a fetch was under way: its answer may predate the change.
        var invalidatedDuringRefresh = false
    }

    public let limits: Limits
    private let state = Locked(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Monotonic nanoseconds, the clock every `now` argument uses.
    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Replaces what is known about providers; call statistics of capabilities that stay are kept.
    public func update(providers: [Provider], now: UInt64) {
        var eligible: [String: Bool] = [:]
        for plugin in providers where plugin.state == "running" {
            let fits = plugin.isolation == "in-process" && plugin.threadSafe == true
            for capability in plugin.provides { eligible[capability] = (eligible[capability] ?? true) && fits }
        }
        state.withLock { state in
            let stale = state.invalidatedDuringRefresh
            var next: [String: Capability] = [:]
            for (name, fitsNow) in eligible {
                let fits = fitsNow && !stale
                var capability = state.capabilities[name] ?? Capability(eligible: fits)
                capability.eligible = fits
                next[name] = capability
            }
            state.capabilities = next
            state.lastRefresh = state.invalidatedDuringRefresh ? nil : now
            state.refreshing = false
            state.invalidatedDuringRefresh = false
        }
    }

    /// Where to run a call to `capability` now.
    public func place(_ capability: String, now: UInt64) -> Place {
        state.withLock { state in
            guard let known = state.capabilities[capability], known.eligible, now >= known.slowUntil,
                  let average = known.averageNanos else { return .pool }
            return average < limits.averageNanos ? .inline : .pool
        }
    }

    /// Records how long a call took (wherever it ran), for the next decision.
    public func record(_ capability: String, nanoseconds: UInt64, now: UInt64) {
        state.withLock { state in
            guard var known = state.capabilities[capability] else { return }
            known.averageNanos = known.averageNanos.map { $0 * 0.875 + Double(nanoseconds) * 0.125 } ?? Double(nanoseconds)
            if nanoseconds >= limits.slowCallNanos { known.slowUntil = now &+ limits.coolDownNanos }
            state.capabilities[capability] = known
        }
    }

    /// Whether the caller should fetch the plugin list now: never fetched, marked stale, or
    /// `capability` is unknown and the last look is older than the refresh interval. At most one
    /// caller at a time is told yes (until `update` or `refreshFailed`).
    public func needsRefresh(for capability: String?, now: UInt64) -> Bool {
        state.withLock { state in
            guard !state.refreshing else { return false }
            let due: Bool
            if let last = state.lastRefresh {
                due = capability.map { state.capabilities[$0] == nil && now &- last >= limits.refreshIntervalNanos } ?? false
            } else {
                due = true
            }
            if due { state.refreshing = true }
            return due
        }
    }

    /// The plugins changed (enabled, disabled, reloaded, config reloaded): look again at the
    /// next call; until then nothing runs inline.
    public func invalidate() {
        state.withLock { state in
            state.lastRefresh = nil
            state.invalidatedDuringRefresh = state.refreshing
            for name in state.capabilities.keys { state.capabilities[name]?.eligible = false }
        }
    }

    public func refreshFailed() {
        state.withLock { state in
            state.refreshing = false
            state.invalidatedDuringRefresh = false
        }
    }
}
