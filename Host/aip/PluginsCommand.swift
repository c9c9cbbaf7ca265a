import AIPHost
import ArgumentParser
import Foundation

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, inspect, load and scan plugins.",
        subcommands: [List.self, Info.self, Load.self, Scan.self, Probe.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List installed plugins (from the registry cache; new or changed files are probed first).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            var session = try global.session()
            let entries = session.refreshCatalog(prober: global.prober)
            if global.json { return Output.json(entries) }
            if entries.isEmpty {
                Output.line("no plugins in \(session.paths.pluginsDirs.joined(separator: ", "))")
                return
            }
            Output.table(["NAME", "VERSION", "LANG", "STATUS", "PROVIDES", "PATH"], entries.map { entry in
                [entry.plugin?.name ?? "-", entry.plugin?.version ?? "-", entry.plugin?.language ?? "-",
                 entry.status.rawValue, entry.plugin.map { $0.provides.map { $0.components(separatedBy: "@")[0] }.joined(separator: ",") } ?? "-",
                 entry.path]
            })
            for entry in entries where entry.status != .ok {
                Output.line("  \(entry.path): \(entry.reason ?? "")")
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one plugin's descriptor.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plugin name.") var name: String

        func run() throws {
            var session = try global.session()
            let entries = session.refreshCatalog(prober: global.prober)
            guard let entry = entries.first(where: { $0.plugin?.name == name }), let plugin = entry.plugin else {
                Output.error("no plugin named \(name) in \(session.paths.pluginsDirs.joined(separator: ", "))")
                throw ExitCode(2)
            }
            if global.json { return Output.json(entry) }
            Output.line("\(plugin.name) \(plugin.version) (\(plugin.language)\(plugin.threadSafe ? ", thread-safe" : ""))")
            if !plugin.description.isEmpty { Output.line("  \(plugin.description)") }
            Output.line("  path:       \(entry.path)")
            Output.line("  status:     \(entry.status.rawValue)")
            Output.line("  provides:   \(plugin.provides.joined(separator: ", "))")
            Output.line("  requires:   \(plugin.requires.isEmpty ? "-" : plugin.requires.joined(separator: ", "))")
            Output.line("  publishes:  \(plugin.publishes.isEmpty ? "-" : plugin.publishes.joined(separator: ", "))")
            Output.line("  subscribes: \(plugin.subscribes.isEmpty ? "-" : plugin.subscribes.joined(separator: ", "))")
            Output.line("  config schema: \(entry.configSchema.map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") } ?? "-")")
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load plugin files into a fresh host, start them, and report each (then stop them).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Plugin .so files.") var paths: [String]

        struct Report: Encodable {
            let path: String
            let plugin: String?
            let version: String?
            let state: String
            let stage: String?
            let reason: String?
        }

        func run() throws {
            let session = try global.session()
            let host = session.host
            for path in paths { host.load(path) }
            host.startAll()
            defer { host.stopAll() }
            let refusals = host.refusals
            let loaded = host.plugins()
            var reports: [Report] = []
            for path in paths.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) {
                if let refusal = refusals.last(where: { $0.path == path }) {
                    reports.append(Report(path: path, plugin: refusal.plugin, version: nil, state: "refused",
                                          stage: refusal.stage.rawValue, reason: refusal.reason))
                } else if let plugin = loaded.first(where: { $0.path == path }) {
                    reports.append(Report(path: path, plugin: plugin.name, version: plugin.version, state: plugin.state,
                                          stage: nil, reason: nil))
                }
            }
            if global.json {
                Output.json(reports)
            } else {
                for report in reports {
                    if report.state == "refused" {
                        Output.line("refused  \(report.path): \(report.reason ?? "")")
                    } else {
                        Output.line("\(report.state.padding(toLength: 8, withPad: " ", startingAt: 0)) \(report.plugin ?? "") \(report.version ?? "") (\(report.path))")
                    }
                }
            }
            if reports.contains(where: { $0.state != "running" }) { throw ExitCode(1) }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Probe new or changed plugin files in a child process and update the registry cache; a file that crashes is quarantined until it changes.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Forget the cache and probe every file again.") var all = false

        func run() throws {
            var session = try global.session()
            if all { try? FileManager.default.removeItem(atPath: session.paths.cacheFile) }
            if all { session = try global.session() }
            let entries = session.refreshCatalog(prober: global.prober)
            if global.json { return Output.json(entries) }
            for entry in entries {
                let name = entry.plugin.map { "\($0.name) \($0.version)" } ?? "-"
                Output.line("\(entry.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(name)  \(entry.path)\(entry.reason.map { "\n            \($0)" } ?? "")")
            }
            if entries.contains(where: { $0.status != .ok }) { throw ExitCode(1) }
        }
    }

    /// The child side of `scan`: not for people; prints one JSON line per step.
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(shouldDisplay: false)
        @Argument var paths: [String]

        func run() throws {
            PluginProber.runProbeChild(paths: paths)
        }
    }
}
