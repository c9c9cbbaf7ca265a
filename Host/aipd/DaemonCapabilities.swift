import AIPConfig
import AIPHost
import AIPluginABI
import Foundation

/// The host's own capabilities, provided through `PluginHost.provide` so that every front end
/// (the http plugin, a CLI, a pipeline) reaches them as it reaches any plugin's capability.
///
/// | capability | request | reply |
/// |---|---|---|
/// | host.plugins.list | `{}` | `{"plugins": [PluginListing]}` |
/// | host.plugins.enable | `{"name": N}` | PluginListing |
/// | host.plugins.disable | `{"name": N}` | PluginListing |
/// | host.plugins.reload | `{"name": N, "path": optional .so}` | PluginListing |
/// | host.health | `{}` | `{"status": "ready", …}` (unavailable while starting or stopping) |
/// | host.metrics | `{}` | metrics snapshot (capabilities, events, plugins, uptime) |
/// | host.config.reload | `{}` | `{"reconfigured": [...], "reloaded": [...]}` (what SIGHUP does) |
struct DaemonCapabilities {
    let daemon: Daemon

    struct NameRequest: Decodable {
        let name: String
        let path: String?
    }

    /// One plugin as `host.plugins.list` shows it.
    struct PluginListing: Encodable {
        let name: String
        let version: String
        let state: String
        let isolation: String
        let path: String
        let language: String
        /// Whether the plugin may be called concurrently (front ends use it to decide where
        /// they run calls).
        let threadSafe: Bool
        let provides: [String]
        let requires: [String]
        let failure: String?
        let health: PluginHealth?
        let runner: IsolatedPlugin.Report?
    }

    func register() throws {
        let host = daemon.host
        try host.provide("host.plugins.list") { _ in
            reply(["plugins": daemon.host.plugins().map(listing)])
        }
        try host.provide("host.plugins.enable") { request in
            named(request) { name, _ throws(HostCallFailure) in try daemon.enable(name) }
        }
        try host.provide("host.plugins.disable") { request in
            named(request) { name, _ throws(HostCallFailure) in try daemon.disable(name) }
        }
        try host.provide("host.plugins.reload") { request in
            named(request) { name, path throws(HostCallFailure) in try daemon.reload(name, from: path) }
        }
        try host.provide("host.health") { _ in health() }
        try host.provide("host.metrics") { _ in metrics() }
        try host.provide("host.config.reload") { _ in
            switch daemon.reloadConfig() {
            case .success(let outcome): return reply(outcome)
            case .failure(let error): return failure(HostCallFailure.invalid(error.description))
            }
        }
    }

    func listing(_ summary: PluginSummary) -> PluginListing {
        let runner = daemon.isolated(summary.name).flatMap { $0.path == summary.path ? $0.report : nil }
        return PluginListing(name: summary.name, version: summary.version, state: summary.state,
                             isolation: runner == nil ? "in-process" : "process", path: summary.path, language: summary.language,
                             threadSafe: summary.threadSafe, provides: summary.provides, requires: summary.requires, failure: summary.failure,
                             health: summary.health, runner: runner)
    }

    private func named(_ request: HostRequest,
                       _ body: (String, String?) throws(HostCallFailure) -> PluginSummary) -> HostReply {
        let parsed: NameRequest
        do { parsed = try JSONDecoder().decode(NameRequest.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body)) } catch {
            return failure(.invalid("\(request.capability) takes {\"name\": PLUGIN}: \(error)"))
        }
        do { return reply(listing(try body(parsed.name, parsed.path))) } catch {
            return failure(error)
        }
    }

    private func health() -> HostReply {
        let phase = daemon.currentPhase
        let plugins = daemon.host.plugins()
        struct Health: Encodable {
            let status: String
            let uptimeSeconds: Double
            let plugins: [String: String]
            let failing: [String]
        }
        let body = Health(status: phase.rawValue, uptimeSeconds: daemon.uptimeSeconds,
                          plugins: Dictionary(plugins.map { ($0.name, $0.state) }, uniquingKeysWith: { $1 }),
                          failing: plugins.filter { $0.state == "failed" || $0.health?.state == "failing" }.map(\.name))
        var answer = reply(body)
        if phase != .ready { answer.status = AIP_ERR_UNAVAILABLE }
        return answer
    }

    private func metrics() -> HostReply {
        let stats = daemon.host.bus.stats()
        struct Events: Encodable { let published: UInt64, delivered: UInt64, dropped: UInt64, queued: Int }
        struct Plugin: Encodable { let name: String, version: String, state: String, isolation: String, restarts: Int }
        struct Snapshot: Encodable {
            let capabilities: [CapabilityMetrics]
            let events: Events
            let plugins: [Plugin]
            let uptimeSeconds: Double
        }
        let plugins = daemon.host.plugins().map(listing).map {
            Plugin(name: $0.name, version: $0.version, state: $0.state, isolation: $0.isolation, restarts: $0.runner?.restarts ?? 0)
        }
        return reply(Snapshot(capabilities: daemon.host.capabilityMetrics(),
                              events: Events(published: stats.published, delivered: stats.delivered, dropped: stats.dropped,
                                             queued: stats.subscriptions.reduce(0) { $0 + $1.queued }),
                              plugins: plugins, uptimeSeconds: daemon.uptimeSeconds))
    }
}

func reply<T: Encodable>(_ value: T) -> HostReply {
    do { return HostReply(body: Array(try JSONEncoder().encode(value))) } catch {
        return failure(HostCallFailure.internalError("cannot encode the reply: \(error)"))
    }
}

func failure(_ error: HostCallFailure) -> HostReply {
    let message = String(decoding: (try? JSONEncoder().encode(error.message)) ?? Data("\"\"".utf8), as: UTF8.self)
    return HostReply(status: error.status,
                     body: Array("{\"error\":{\"code\":\"\(HostErrors.codeName(error.status))\",\"message\":\(message)}}".utf8))
}
