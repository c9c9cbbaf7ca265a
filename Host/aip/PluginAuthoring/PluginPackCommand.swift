import ArgumentParser

// Placeholder: replaced by the owner of `aip plugin pack`.
struct PluginPackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pack", abstract: "(not yet available)", shouldDisplay: false)
}
