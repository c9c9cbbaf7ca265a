import ArgumentParser

// Placeholder: replaced by the owner of `aip plugin validate`.
struct PluginValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "(not yet available)", shouldDisplay: false)
}
