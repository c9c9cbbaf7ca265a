import ArgumentParser

// Placeholder: replaced by the owner of `aip plugin new`.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "(not yet available)", shouldDisplay: false)
}
