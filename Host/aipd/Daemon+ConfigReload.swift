import AIPConfig
import AIPHost
import AIPluginABI
import Foundation

/// What a config reload changed.
struct ConfigReloadOutcome: Encodable {
    /// Plugins that took their new section through their `NAME.reconfigure` capability.
    var reconfigured: [String] = []
    /// Plugins hot-reloaded to pick up a new section.
    var reloaded: [String] = []
    var enabled: [String] = []
    var disabled: [String] = []
}

struct ConfigReloadError: Error, CustomStringConvertible {
    let description: String
}

extension Daemon {
    /// SIGHUP: reads the config file again. Anything invalid (syntax, host or daemon settings, a
    /// plugin section its schema refuses) rejects the whole new config with the reason logged,
    /// and the running config stays in force. Otherwise each plugin whose section changed is
    /// reconfigured (`NAME.reconfigure` when it provides one, a hot reload when not) and the
    /// `disabled` list is applied.
    func reloadConfig() -> Result<ConfigReloadOutcome, ConfigReloadError> {
        control.lock()
        defer { control.unlock() }
        func reject(_ reason: String) -> Result<ConfigReloadOutcome, ConfigReloadError> {
            logger.error("config reload rejected, the previous configuration stays in force: \(reason)")
            return .failure(ConfigReloadError(description: reason))
        }
        var loaded: HostConfig
        do { loaded = try HostConfig.load(path: session.paths.configFile, environment: options.environment) } catch {
            return reject(error.description)
        }
        let newSettings: DaemonSettings
        do { newSettings = try DaemonSettings(config: loaded) } catch { return reject(error.description) }
        if let token = generatedToken { loaded = EmbeddedDefaults.injecting(token, into: loaded) }
        let old = host.config
        let plugins = host.plugins()
        var validated: [String: JSONValue] = [:]
        for plugin in plugins {
            let schema = session.catalog.entries.values.first { $0.plugin?.name == plugin.name }?.configSchema
            switch loaded.validateSection(plugin: plugin.name, schemaText: schema) {
            case .failure(let error): return reject(error.description)
            case .success(let section): validated[plugin.name] = section
            }
        }
        host.replaceConfig(loaded)
        settings = newSettings
        var outcome = ConfigReloadOutcome()
        for plugin in plugins where plugin.state == "running" && old.section(for: plugin.name) != loaded.section(for: plugin.name) {
            let reconfigure = "\(plugin.name).reconfigure"
            if plugin.provides.contains(where: { $0.hasPrefix(reconfigure + "@") }) {
                let result = host.call(reconfigure, body: Array((validated[plugin.name] ?? .object([:])).serialized().utf8))
                if result.ok { outcome.reconfigured.append(plugin.name) } else {
                    logger.error("plugin \(plugin.name) refused its new settings (\(result.statusName)): \(result.text)")
                }
            } else {
                do {
                    _ = try reload(plugin.name, from: nil)
                    outcome.reloaded.append(plugin.name)
                } catch {
                    logger.error("plugin \(plugin.name) keeps its old settings: \(error.message)")
                }
            }
        }
        for name in Set(loaded.host.disabled).subtracting(old.host.disabled).sorted()
        where plugins.contains(where: { $0.name == name && $0.state == "running" }) {
            do { _ = try disable(name); outcome.disabled.append(name) } catch { logger.error("cannot disable \(name): \(error.message)") }
        }
        for name in Set(old.host.disabled).subtracting(loaded.host.disabled).sorted() {
            do { _ = try enable(name); outcome.enabled.append(name) } catch { logger.error("cannot enable \(name): \(error.message)") }
        }
        logger.info("configuration reloaded from \(session.paths.configFile ?? "(no file)"): reconfigured \(outcome.reconfigured), reloaded \(outcome.reloaded), enabled \(outcome.enabled), disabled \(outcome.disabled)")
        if let payload = try? JSONEncoder().encode(outcome) {
            _ = try? host.publish(topic: "host.config.reloaded", payload: Array(payload))
        }
        return .success(outcome)
    }
}
