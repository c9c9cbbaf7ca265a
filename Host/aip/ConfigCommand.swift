import AIPConfig
import AIPHost
import ArgumentParser
import Foundation

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the host configuration.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a config file and validate each plugin section against the schema its plugin declares.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The config file (default: the one the host would read).") var file: String?

        struct Report: Encodable {
            let file: String
            let valid: Bool
            let errors: [String]
            let warnings: [String]
        }

        func run() throws {
            var options = global
            if let file { options.config = file }
            var errors: [String] = []
            var warnings: [String] = []
            var checkedFile = file ?? "(no config file: built-in defaults)"
            do {
                var session = try HostSession(homeFlag: options.home, pluginsDirFlags: options.pluginsDirs, configFlag: options.config,
                                              environment: options.environment, logger: .init(label: "aip"))
                checkedFile = session.paths.configFile ?? checkedFile
                let entries = session.refreshCatalog(prober: options.prober)
                var known: Set<String> = []
                for entry in entries {
                    guard let plugin = entry.plugin else { continue }
                    known.insert(plugin.name)
                    if case .failure(let error) = session.config.validateSection(plugin: plugin.name, schemaText: entry.configSchema) {
                        errors.append(error.description)
                    }
                }
                for name in session.config.rawPlugins.keys.sorted() where !known.contains(name) {
                    warnings.append("\(checkedFile): plugins.\(name): no installed plugin is named \(name); the section is unused")
                }
            } catch {
                errors.append(error.description)
            }
            let report = Report(file: checkedFile, valid: errors.isEmpty, errors: errors, warnings: warnings)
            if global.json {
                Output.json(report)
            } else {
                for error in errors { Output.line("error: \(error)") }
                for warning in warnings { Output.line("warning: \(warning)") }
                if errors.isEmpty { Output.line("\(checkedFile): ok") }
            }
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}
