/// The "host" section of the configuration. Every setting is optional in the file.
public struct HostSettings: Sendable, Equatable {
    /// The accepted values of `logLevel`, least to most severe.
    public static let logLevels = ["trace", "debug", "info", "warning", "error"]

    /// Extra directories to search for plugins.
    public var pluginsDirs: [String]
    /// Where plugins may keep persistent data; `nil` lets the host choose.
    public var dataDir: String?
    /// One of `logLevels`, always lowercase.
    public var logLevel: String
    /// Plugins that must not be loaded even if found.
    public var disabled: [String]
    /// Settings only the daemon (`aipd`) reads: isolation, deadlines, restart policy. An object,
    /// checked key by key by the daemon.
    public var daemon: JSONValue?

    public init(pluginsDirs: [String] = [], dataDir: String? = nil, logLevel: String = "info", disabled: [String] = [],
                daemon: JSONValue? = nil) {
        self.pluginsDirs = pluginsDirs
        self.dataDir = dataDir
        self.logLevel = logLevel
        self.disabled = disabled
        self.daemon = daemon
    }
}
