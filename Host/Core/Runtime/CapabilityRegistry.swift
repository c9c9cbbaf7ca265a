import AIPVersioning
import AIPLocking

/// Capability name → providers. Lookups pick the highest provider version inside the asked range;
/// callers are expected to resolve once and call through the returned entry.
final class CapabilityRegistry: Sendable {
    private let table = Locked<[String: [CapabilityEntry]]>([:])

    /// Adds a provider; refuses a second provider of the same name from the same plugin.
    func register(_ entry: CapabilityEntry) throws(RegistryError) {
        let existing: CapabilityEntry? = table.withLock { table in
            var providers = table[entry.name] ?? []
            if let existing = providers.first(where: { $0.provider === entry.provider }) { return existing }
            providers.append(entry)
            table[entry.name] = providers
            return nil
        }
        if let existing {
            throw RegistryError.conflict("capability \(entry.name) is already provided by \(existing.providerName)")
        }
    }

    /// The best running provider of `name` within `range`, or why there is none.
    /// Allocation-free on success: callers resolving by name pay this on every call.
    func resolve(_ name: String, range: VersionRange?) throws(RegistryError) -> CapabilityEntry {
        guard let providers = table.withLock({ $0[name] }), !providers.isEmpty else {
            throw RegistryError.notFound("unknown capability \(name): no loaded plugin provides it")
        }
        var best: CapabilityEntry?
        for entry in providers where entry.provider.isRunning && (range?.contains(entry.version) ?? true) {
            if best.map({ $0.version < entry.version }) ?? true { best = entry }
        }
        if let best { return best }
        let running = providers.filter { $0.provider.isRunning }
        guard !running.isEmpty else {
            let states = providers.map { "\($0.providerName) is \($0.provider.state.rawValue)" }.joined(separator: ", ")
            throw RegistryError.unavailable("capability \(name) has no running provider (\(states))")
        }
        let offered = running.map { "\($0.providerName) \($0.version)" }.joined(separator: ", ")
        throw RegistryError.notFound("capability \(name) \(range?.text ?? "*"): no provider in range (offered: \(offered))")
    }

    func allEntries() -> [CapabilityEntry] {
        table.withLock { $0.values.flatMap { $0 } }.sorted { ($0.name, $0.providerName) < ($1.name, $1.providerName) }
    }

    func entries(of plugin: String) -> [CapabilityEntry] {
        allEntries().filter { $0.providerName == plugin }
    }
}

enum RegistryError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case unavailable(String)
    case conflict(String)
    case permissionDenied(String)

    var description: String {
        switch self {
        case .notFound(let text), .unavailable(let text), .conflict(let text), .permissionDenied(let text): return text
        }
    }
}
