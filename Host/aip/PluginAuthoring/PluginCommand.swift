import ArgumentParser

/// `aip plugin …`: the plugin author's tools (scaffold, validate, pack, conformance test).
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Create, validate, pack and conformance-test a plugin.",
        subcommands: [PluginNewCommand.self, PluginValidateCommand.self, PluginPackCommand.self, PluginTestCommand.self,
                      PluginTestChildCommand.self])
}
