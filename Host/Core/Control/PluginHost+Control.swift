import AIPConfig
import AIPluginABI
import Foundation

extension PluginHost {
    /// Stops the running plugin `name` after the calls inside it finish (up to `drainTimeout`).
    /// Refused while a running plugin needs one of its capabilities and no one else provides it.
    @discardableResult
    public func disable(_ name: String, drainTimeout: Duration = .seconds(30)) throws(HostCallFailure) -> PluginSummary {
        guard isInstrumented else {
            throw HostCallFailure(status: AIP_ERR_UNSUPPORTED,
                                  message: "disabling a running plugin needs an instrumented host (the daemon), which counts calls in flight")
        }
        let record = try runningRecord(named: name)
        if let dependent = dependents(of: record).first {
            throw HostCallFailure(status: AIP_ERR_CONFLICT, message: "cannot disable \(name): \(dependent)")
        }
        lock.withLock { startedRecords.removeAll { $0 === record } }
        retire(record, drainTimeout: drainTimeout)
        record.logger.info("disabled \(name)")
        return summary(of: record)
    }

    /// Starts a fresh instance of a loaded plugin that is stopped or failed (the same image, a new
    /// `init`). A running plugin is left as it is.
    @discardableResult
    public func enable(_ name: String) throws(HostCallFailure) -> PluginSummary {
        let previous: PluginRecord? = lock.withLock { records.last { $0.name == name } }
        guard let previous else {
            throw HostCallFailure(status: AIP_ERR_NOT_FOUND, message: "no plugin named \(name) is loaded")
        }
        if previous.state == .running { return summary(of: previous) }
        let fresh = PluginRecord(path: previous.path, descriptor: previous.descriptor, services: services, logger: logger)
        try startReplacement(fresh, for: nil)
        lock.withLock {
            records.removeAll { $0 === previous }
            records.append(fresh)
            startedRecords.append(fresh)
        }
        previous.successor.withLock { $0 = fresh }
        fresh.logger.info("enabled \(name)")
        return summary(of: fresh)
    }

    /// One sentence per running plugin that cannot do without `record`.
    func dependents(of record: PluginRecord) -> [String] {
        let others = lock.withLock { records.filter { $0 !== record && $0.state == .running } } + hostProvided.records
        return others.flatMap { other -> [String] in
            other.descriptor.requirements.compactMap { requirement in
                guard !requirement.optional, !requirement.isFamily,
                      record.descriptor.provides.contains(where: { $0.name == requirement.name }),
                      !others.contains(where: { $0 !== other && $0.descriptor.provides.contains { $0.name == requirement.name } })
                else { return nil }
                return "\(other.name) requires its capability \(requirement.name)"
            }
        }
    }

    /// Summary of the newest record of `name`, if any.
    public func plugin(named name: String) -> PluginSummary? {
        lock.withLock { records.last { $0.name == name }.map(summary(of:)) }
    }

    /// Replaces the configuration later instances are initialised with (a config reload).
    public func replaceConfig(_ config: HostConfig) {
        configState.withLock { $0 = config }
    }
}
