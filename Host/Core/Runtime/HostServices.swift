import AIPEvents
import Logging
import Synchronization

/// What the host table's C functions reach through a plugin's context: the registry and the bus.
final class HostServices: Sendable {
    let registry = CapabilityRegistry()
    let bus: EventBus
    let logger: Logger
    /// Watches lifecycle and host-table calls (`aip plugin test`); nil for an ordinary host.
    let observer: (any HostCallObserver)?
    /// On in the daemon: every call is timed and counted per capability and counted in flight per
    /// plugin (what metrics, hot reload and disable need). Off, calls pay one relaxed load.
    let instrumented = Atomic<Bool>(false)

    init(bus: EventBus, logger: Logger, observer: (any HostCallObserver)? = nil) {
        self.bus = bus
        self.logger = logger
        self.observer = observer
    }
}
