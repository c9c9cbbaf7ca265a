import AIPEvents
import Logging

/// What the host table's C functions reach through a plugin's context: the registry and the bus.
final class HostServices: Sendable {
    let registry = CapabilityRegistry()
    let bus: EventBus
    let logger: Logger

    init(bus: EventBus, logger: Logger) {
        self.bus = bus
        self.logger = logger
    }
}
