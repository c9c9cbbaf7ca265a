import AIPEvents
import Logging

/// What the host table's C functions reach through a plugin's context: the registry and the bus.
final class HostServices: Sendable {
    let registry = CapabilityRegistry()
    let bus: EventBus
    let logger: Logger
    /// Watches lifecycle and host-table calls (`aip plugin test`); nil for an ordinary host.
    let observer: (any HostCallObserver)?

    init(bus: EventBus, logger: Logger, observer: (any HostCallObserver)? = nil) {
        self.bus = bus
        self.logger = logger
        self.observer = observer
    }
}
