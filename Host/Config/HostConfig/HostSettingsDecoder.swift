/// Reads the "host" section into `HostSettings`, rejecting unknown keys and wrong types.
struct HostSettingsDecoder {
    let sourceMap: ConfigSourceMap

    func decode(_ host: [String: JSONValue]) throws(ConfigError) -> HostSettings {
        var settings = HostSettings()
        for name in host.keys.sorted() {
            let path = JSONPath.member(name, of: "host")
            let value = host[name] ?? .null
            guard let key = HostSettingKey(rawValue: name) else {
                throw sourceMap.error(at: path, "unknown host setting \(JSONValue.string(name).serialized()) (known settings: \(HostSettingKey.knownNames))")
            }
            switch key {
            case .pluginsDirs:
                settings.pluginsDirs = try strings(value, at: path)
            case .dataDir:
                settings.dataDir = value == .null ? nil : try string(value, at: path)
            case .logLevel:
                settings.logLevel = try logLevel(value, at: path)
            case .disabled:
                settings.disabled = try strings(value, at: path)
            case .daemon:
                guard value.objectValue != nil else {
                    throw sourceMap.error(at: path, "expected object, got \(value.typeName)")
                }
                settings.daemon = value
            }
        }
        return settings
    }

    private func string(_ value: JSONValue, at path: String) throws(ConfigError) -> String {
        guard let text = value.stringValue else {
            throw sourceMap.error(at: path, "expected string, got \(value.typeName)")
        }
        guard !text.isEmpty else { throw sourceMap.error(at: path, "must not be empty") }
        return text
    }

    private func strings(_ value: JSONValue, at path: String) throws(ConfigError) -> [String] {
        guard let elements = value.arrayValue else {
            throw sourceMap.error(at: path, "expected an array of strings, got \(value.typeName)")
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            result.append(try string(element, at: JSONPath.element(index, of: path)))
        }
        return result
    }

    /// Case-insensitive because `LOG_LEVEL=DEBUG` is a natural thing to type.
    private func logLevel(_ value: JSONValue, at path: String) throws(ConfigError) -> String {
        let level = try string(value, at: path).lowercased()
        guard HostSettings.logLevels.contains(level) else {
            let choices = HostSettings.logLevels.joined(separator: ", ")
            throw sourceMap.error(at: path, "expected one of \(choices), got \(value.serialized())")
        }
        return level
    }
}
