/// Why a plugin was not loaded, initialised or started. Every refusal names the file and the reason.
public struct PluginRefusal: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Stage: String, Sendable, Codable {
        case file, symbol, abi, descriptor, toolchain, duplicate, dependency, config, initialise = "init", start, quarantine
    }

    public let path: String
    /// The plugin name when the descriptor could be read.
    public let plugin: String?
    public let stage: Stage
    public let reason: String

    public init(path: String, plugin: String? = nil, stage: Stage, reason: String) {
        self.path = path
        self.plugin = plugin
        self.stage = stage
        self.reason = reason
    }

    public var description: String {
        if let plugin { return "plugin \(plugin) (\(path)): \(reason)" }
        return "\(path): \(reason)"
    }
}
