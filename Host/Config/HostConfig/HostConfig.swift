/// The host's configuration: the "host" settings and each plugin's raw section, after `${NAME}`
/// substitution and `AIP_*` environment overrides.
///
/// ```json
/// {
///   "host": { "plugins_dirs": ["..."], "data_dir": "...", "log_level": "info", "disabled": ["name"] },
///   "plugins": { "greeter": { "greeting": "Hello ${USER_NAME}" } },
///   "marketplaces": { "first-party": { "url": "file:///...", "keys": ["ed25519:..."] } }
/// }
/// ```
public struct HostConfig: Sendable {
    public var host: HostSettings
    /// Plugin sections by plugin name, not yet validated against any plugin's schema.
    public var rawPlugins: [String: JSONValue]
    /// Marketplaces by name, with the keys trusted to sign their indexes.
    public var marketplaces: [String: MarketplaceSettings] = [:]
    /// Where each value came from, for locating errors.
    var sourceMap: ConfigSourceMap

    /// The file the configuration came from, used to prefix every error.
    public var source: String {
        get { sourceMap.source }
        set { sourceMap.source = newValue }
    }

    public init(host: HostSettings = HostSettings(), rawPlugins: [String: JSONValue] = [:],
                source: String = HostConfig.noFileSource) {
        self.host = host
        self.rawPlugins = rawPlugins
        self.sourceMap = ConfigSourceMap(source: source, locations: [:])
    }

    /// The source named in errors when no configuration file is used.
    public static let noFileSource = "<no config file>"

    /// The plugin's section, or an empty object when the file has none. An exact name match wins;
    /// otherwise the name is matched as environment overrides match it (`swift_greeter` finds
    /// `swift-greeter`), so a section created by an override is found either way.
    public func section(for plugin: String) -> JSONValue {
        guard let name = sectionName(for: plugin) else { return .object([:]) }
        return rawPlugins[name] ?? .object([:])
    }

    /// Where the value at a dotted path such as `plugins.greeter.greeting` starts in the file;
    /// `nil` for values that came from the environment or do not exist.
    public func location(of path: String) -> SourceLocation? {
        sourceMap.location(of: path)
    }

    func sectionName(for plugin: String) -> String? {
        if rawPlugins[plugin] != nil { return plugin }
        let candidates = ConfigName.candidates(for: plugin, in: rawPlugins.keys)
        return candidates.count == 1 ? candidates.first : nil
    }
}
