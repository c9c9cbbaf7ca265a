extension HostConfig {
    private static let topLevelKeys = ["host", "plugins", "marketplaces"]

    /// Parses configuration text. `source` names the text in errors (normally the file path);
    /// `environment` supplies `${NAME}` values and `AIP_*` overrides, and is passed explicitly so
    /// callers and tests control it.
    public static func parse(text: String, source: String,
                             environment: [String: String]) throws(ConfigError) -> HostConfig {
        let (document, locations): (JSONValue, [String: SourceLocation])
        do {
            (document, locations) = try JSONParser.parseWithLocations(text, source: source)
        } catch {
            throw ConfigError(source: source, location: error.location, message: error.message)
        }
        var sourceMap = ConfigSourceMap(source: source, locations: locations)

        guard case .object(let topLevel) = document else {
            throw sourceMap.error(at: "", "the configuration must be a JSON object, got \(document.typeName)")
        }
        for key in topLevel.keys.sorted() where !topLevelKeys.contains(key) {
            throw sourceMap.error(at: key, "unknown top-level key \(JSONValue.string(key).serialized()) (expected \"host\", \"plugins\" or \"marketplaces\")")
        }

        let substitution = EnvironmentSubstitution(environment: environment)
        let expanded = try substitution.expandStrings(in: document, at: "", sourceMap: sourceMap)
        var host = try objectSection("host", of: expanded, sourceMap: sourceMap)
        var plugins = try objectSection("plugins", of: expanded, sourceMap: sourceMap)
        for name in plugins.keys.sorted() {
            let section = plugins[name] ?? .null
            guard section.objectValue != nil else {
                throw sourceMap.error(at: JSONPath.member(name, of: "plugins"),
                                      "a plugin section must be an object, got \(section.typeName)")
            }
        }

        try EnvironmentOverrides(environment: environment).apply(host: &host, plugins: &plugins, sourceMap: &sourceMap)
        var config = HostConfig(host: try HostSettingsDecoder(sourceMap: sourceMap).decode(host),
                                rawPlugins: plugins, source: source)
        config.marketplaces = try MarketplaceSettingsDecoder(sourceMap: sourceMap).decode(expanded["marketplaces"])
        config.sourceMap = sourceMap
        return config
    }

    /// The top-level member `key` as an object; absent counts as empty.
    private static func objectSection(_ key: String, of document: JSONValue,
                                      sourceMap: ConfigSourceMap) throws(ConfigError) -> [String: JSONValue] {
        guard let value = document[key] else { return [:] }
        guard let members = value.objectValue else {
            throw sourceMap.error(at: key, "expected object, got \(value.typeName)")
        }
        return members
    }
}
