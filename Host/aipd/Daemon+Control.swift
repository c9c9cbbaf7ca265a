import AIPConfig
import AIPHost
import AIPluginABI
import Foundation

extension HostCallFailure {
    static func invalid(_ message: String) -> HostCallFailure { HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT, message: message) }
    static func internalError(_ message: String) -> HostCallFailure { HostCallFailure(status: AIP_ERR_INTERNAL, message: message) }
}

extension Daemon {
    /// Starts a stopped or failed plugin; one never loaded (disabled in the config at start) is
    /// found among the installed plugins and loaded.
    func enable(_ name: String) throws(HostCallFailure) -> PluginSummary {
        control.lock()
        defer { control.unlock() }
        if let plugin = isolated(name) {
            switch plugin.report.status {
            case .running, .restarting: break
            case .circuitOpen: try plugin.restartNow()
            case .stopped:
                let fresh = try IsolatedPlugin.launch(path: plugin.path, host: host, settings: settings.isolationSettings, runner: runnerExecutable)
                host.adoptIsolated(fresh, replacing: plugin)
                setIsolated(name, fresh)
            }
            return try summary(name)
        }
        if host.plugin(named: name) != nil { return try host.enable(name) }
        guard let entry = session.catalog.entries.values.first(where: { $0.plugin?.name == name && $0.status == .ok }) else {
            throw HostCallFailure(status: AIP_ERR_NOT_FOUND, message: "no installed plugin named \(name) in \(session.paths.pluginsDirs.joined(separator: ", "))")
        }
        switch isolationMode(of: name, path: entry.path) {
        case .failure(let problem): throw .invalid(problem.description)
        case .success(.process):
            let plugin = try IsolatedPlugin.launch(path: entry.path, host: host, settings: settings.isolationSettings, runner: runnerExecutable)
            host.adoptIsolated(plugin)
            setIsolated(name, plugin)
        case .success(.inProcess):
            if case .failure(let refusal) = host.load(entry.path) { throw .invalid(refusal.description) }
            if let refusal = host.startAll().first(where: { $0.plugin == name }) { throw .internalError(refusal.description) }
        }
        return try summary(name)
    }

    /// Stops a running plugin once its calls in flight finish.
    func disable(_ name: String) throws(HostCallFailure) -> PluginSummary {
        control.lock()
        defer { control.unlock() }
        if let plugin = isolated(name), plugin.report.status != .stopped {
            host.retireIsolated(plugin, drainTimeout: settings.drainTimeout)
            return try summary(name)
        }
        return try host.disable(name, drainTimeout: settings.drainTimeout)
    }

    /// Hot reload: a new instance (from `path`, or the file it came from) takes new calls; the old
    /// one finishes its calls in flight; a new instance that fails leaves the old one serving.
    func reload(_ name: String, from path: String?) throws(HostCallFailure) -> PluginSummary {
        control.lock()
        defer { control.unlock() }
        if let old = isolated(name), old.report.status != .stopped {
            let source = path.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? old.path
            let new = try IsolatedPlugin.launch(path: source, host: host, settings: settings.isolationSettings, runner: runnerExecutable)
            guard new.name == name else {
                new.stopRunner()
                throw .invalid("reload of \(name) refused: \(source) holds plugin \(new.name); the running instance keeps serving")
            }
            host.swapIsolated(old, for: new, drainTimeout: settings.drainTimeout)
            setIsolated(name, new)
            return try summary(name)
        }
        return try host.reload(name, from: path, drainTimeout: settings.drainTimeout)
    }

    private func summary(_ name: String) throws(HostCallFailure) -> PluginSummary {
        guard let summary = host.plugin(named: name) else {
            throw HostCallFailure(status: AIP_ERR_NOT_FOUND, message: "no plugin named \(name) is loaded")
        }
        return summary
    }
}
