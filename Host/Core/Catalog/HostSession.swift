import AIPConfig
import Foundation
import Logging

/// Everything a front end (the `aip` CLI, later `aipd`) needs to bring a host up the same way:
/// resolve paths, read the config, refresh the plugin catalog, load and start the plugins.
public struct HostSession {
    public let paths: PluginPaths
    public let config: HostConfig
    public let host: PluginHost
    public private(set) var catalog: PluginCatalog

    /// Reads the config and resolves paths; a malformed config is an error naming file, line and column.
    public init(homeFlag: String?, pluginsDirFlags: [String], configFlag: String?,
                environment: [String: String], logger: Logger) throws(ConfigError) {
        let home = PluginPaths.home(flag: homeFlag, environment: environment)
        let configFile = PluginPaths.configFile(flag: configFlag, home: home, environment: environment)
        let config = try HostConfig.load(path: configFile, environment: environment)
        paths = PluginPaths.resolve(home: home, pluginsDirFlags: pluginsDirFlags, configFile: configFile,
                                    configPluginsDirs: config.host.pluginsDirs, configDataDir: config.host.dataDir,
                                    environment: environment)
        self.config = config
        host = PluginHost(config: config, dataRoot: paths.dataRoot, logger: logger)
        catalog = PluginCatalog.load(from: paths.cacheFile)
    }

    /// Catalog entries for every plugin file found, probing new or changed ones in a child process.
    public mutating func refreshCatalog(prober: PluginProber) -> [CatalogEntry] {
        let files = paths.discoverPluginFiles()
        let entries = catalog.refresh(files, prober: prober)
        catalog.prune(keeping: Set(files))
        try? catalog.save()
        return entries
    }

    /// Loads every catalogued plugin that probed fine and is not disabled, then starts them all.
    /// Quarantined and refused files come back as refusals; the rest run.
    public mutating func loadAndStart(prober: PluginProber) -> [PluginRefusal] {
        load(refreshCatalog(prober: prober))
    }

    /// Loads and starts only what a call to `capability` needs (`CallClosure`); everything, as
    /// above, when no catalogued plugin provides it, so that the call fails as it would in the daemon.
    public mutating func loadAndStart(prober: PluginProber, forCalling capability: String) -> [PluginRefusal] {
        let entries = refreshCatalog(prober: prober)
        let usable = entries.filter { $0.status == .ok }.compactMap(\.plugin).filter { !config.host.disabled.contains($0.name) }
        guard let wanted = CallClosure.plugins(for: capability, among: usable) else { return load(entries) }
        return load(entries.filter { entry in entry.plugin.map { wanted.contains($0.name) } ?? false })
    }

    private func load(_ entries: [CatalogEntry]) -> [PluginRefusal] {
        var refusals: [PluginRefusal] = []
        for entry in entries {
            if let name = entry.plugin?.name, config.host.disabled.contains(name) { continue }
            switch entry.status {
            case .ok:
                if case .failure(let refusal) = host.load(entry.path) { refusals.append(refusal) }
            case .refused, .quarantined:
                refusals.append(PluginRefusal(path: entry.path, plugin: entry.plugin?.name,
                                              stage: entry.stage ?? .file, reason: entry.reason ?? "refused"))
            }
        }
        return refusals + host.startAll()
    }
}
