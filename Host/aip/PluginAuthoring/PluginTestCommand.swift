import ArgumentParser

// Placeholder: replaced by the owner of `aip plugin test`.
struct PluginTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "(not yet available)", shouldDisplay: false)
}
