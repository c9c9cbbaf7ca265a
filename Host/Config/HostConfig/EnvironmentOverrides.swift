/// Applies `AIP_HOST__<SETTING>` and `AIP_PLUGINS__<PLUGIN>__<KEY>[__<SUBKEY>...]` environment
/// variables on top of the file, so deployments can adjust settings without editing it.
///
/// Plugin values are parsed as JSON when they parse (`2`, `true`, `{"a":1}`) and are taken as
/// plain strings otherwise. Variables are applied in name order, so the result never depends on
/// the dictionary's iteration order.
struct EnvironmentOverrides {
    static let hostPrefix = "AIP_HOST__"
    static let pluginsPrefix = "AIP_PLUGINS__"

    let environment: [String: String]

    func apply(host: inout [String: JSONValue], plugins: inout [String: JSONValue],
               sourceMap: inout ConfigSourceMap) throws(ConfigError) {
        for (variable, raw) in environment.sorted(by: { $0.key < $1.key }) {
            if variable.hasPrefix(Self.hostPrefix) {
                try applyHost(variable, raw, to: &host, sourceMap: &sourceMap)
            } else if variable.hasPrefix(Self.pluginsPrefix) {
                try applyPlugin(variable, raw, to: &plugins, sourceMap: &sourceMap)
            }
        }
    }

    private func applyHost(_ variable: String, _ raw: String, to host: inout [String: JSONValue],
                           sourceMap: inout ConfigSourceMap) throws(ConfigError) {
        let segments = Self.segments(of: variable, after: Self.hostPrefix)
        guard segments.count == 1, let segment = segments.first, !segment.isEmpty else {
            throw malformed(variable, "must name exactly one host setting, e.g. AIP_HOST__LOG_LEVEL", sourceMap)
        }
        guard let key = HostSettingKey.allCases.first(where: { ConfigName.matches(variableSegment: segment, name: $0.rawValue) }) else {
            throw malformed(variable, "names unknown host setting \"\(segment.lowercased())\" (known settings: \(HostSettingKey.knownNames))", sourceMap)
        }
        host[key.rawValue] = key.value(fromEnvironment: raw)
        sourceMap.recordOverride(of: JSONPath.member(key.rawValue, of: "host"), by: variable)
    }

    private func applyPlugin(_ variable: String, _ raw: String, to plugins: inout [String: JSONValue],
                             sourceMap: inout ConfigSourceMap) throws(ConfigError) {
        let segments = Self.segments(of: variable, after: Self.pluginsPrefix)
        guard segments.count >= 2, !segments.contains(where: \.isEmpty) else {
            throw malformed(variable, "must name a plugin and a setting: AIP_PLUGINS__<PLUGIN>__<KEY>[__<SUBKEY>...]", sourceMap)
        }
        let plugin = try resolve(segments[0], among: plugins.keys, newName: ConfigName.newPluginName,
                                 variable: variable, sourceMap: sourceMap)
        let sectionPath = JSONPath.member(plugin, of: "plugins")
        if plugins[plugin] == nil { sourceMap.recordOverride(of: sectionPath, by: variable) }
        // Sections were checked to be objects before overrides run.
        let section = plugins[plugin]?.objectValue ?? [:]
        let value = (try? JSONParser.parse(raw)) ?? .string(raw)
        let updated = try setting(value, at: segments.dropFirst(), in: section, path: sectionPath,
                                  variable: variable, sourceMap: &sourceMap)
        plugins[plugin] = .object(updated)
    }

    /// `object` with `value` stored under the key path, creating intermediate objects as needed.
    private func setting(_ value: JSONValue, at keys: ArraySlice<String>, in object: [String: JSONValue],
                         path: String, variable: String,
                         sourceMap: inout ConfigSourceMap) throws(ConfigError) -> [String: JSONValue] {
        guard let segment = keys.first else { return object }
        let key = try resolve(segment, among: object.keys, newName: ConfigName.newKeyName,
                              variable: variable, sourceMap: sourceMap)
        let memberPath = JSONPath.member(key, of: path)
        var result = object
        if keys.count == 1 {
            result[key] = value
            sourceMap.recordOverride(of: memberPath, by: variable)
            return result
        }
        let child: [String: JSONValue]
        switch object[key] {
        case nil:
            child = [:]
            sourceMap.recordOverride(of: memberPath, by: variable)
        case .object(let members):
            child = members
        case let other?:
            throw sourceMap.error(at: memberPath,
                                  "cannot apply environment variable \(variable): this value is \(other.typeName), not an object")
        }
        result[key] = .object(try setting(value, at: keys.dropFirst(), in: child, path: memberPath,
                                          variable: variable, sourceMap: &sourceMap))
        return result
    }

    /// The existing name `segment` addresses, or a new one when there is none.
    private func resolve(_ segment: String, among names: Dictionary<String, JSONValue>.Keys,
                         newName: (String) -> String, variable: String,
                         sourceMap: ConfigSourceMap) throws(ConfigError) -> String {
        let candidates = ConfigName.candidates(for: segment, in: names)
        guard candidates.count <= 1 else {
            let quoted = candidates.map { JSONValue.string($0).serialized() }
            throw malformed(variable, "is ambiguous: \(segment) matches \(SchemaWording.all(quoted))", sourceMap)
        }
        return candidates.first ?? newName(segment)
    }

    private static func segments(of variable: String, after prefix: String) -> [String] {
        variable.dropFirst(prefix.count).split(separator: "__", omittingEmptySubsequences: false).map(String.init)
    }

    private func malformed(_ variable: String, _ problem: String, _ sourceMap: ConfigSourceMap) -> ConfigError {
        ConfigError(source: sourceMap.source, message: "environment variable \(variable) \(problem)")
    }
}
