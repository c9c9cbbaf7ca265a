import AIPHost
import ArgumentParser

/// `aip`: the AI Platform command line. Every subcommand brings up a host in this process from the
/// same paths and config as the daemon would, does its job, and stops the plugins cleanly.
@main
struct AIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aip",
        abstract: "AI Platform: load plugins, call capabilities, watch events, check config.",
        discussion: """
        Plugins are found in, highest precedence first: --plugins-dir (repeatable), AIP_PLUGINS_DIR \
        (colon-separated), host.plugins_dirs in the config file, then $AIP_HOME/plugins \
        (AIP_HOME defaults to ~/.aip). Every *.so up to four levels deep is a candidate \
        (plugins/NAME/VERSION/libNAME.so). The config file is --config, AIP_CONFIG, or \
        $AIP_HOME/config.json.

        Exit codes: 0 success; 1 the operation failed (a call returned an error status, a \
        plugin was refused, the config is invalid); 2 not found (unknown plugin or capability); \
        64 usage error.
        """,
        subcommands: [PluginsCommand.self, CallCommand.self, EventsCommand.self, ConfigCommand.self, PluginCommand.self,
                      MarketCommand.self, DaemonCommand.self])
}
