/// The settings allowed in the "host" section, by their spelling in the file.
enum HostSettingKey: String, CaseIterable {
    case pluginsDirs = "plugins_dirs"
    case dataDir = "data_dir"
    case logLevel = "log_level"
    case disabled
    case daemon

    static var knownNames: String {
        allCases.map(\.rawValue).sorted().joined(separator: ", ")
    }

    /// The JSON value an environment variable stands for. Host settings have known types, so a
    /// path such as "123" stays a string, and lists may be written the way shells write them:
    /// directories separated by ":" like PATH, plugin names separated by ",". A JSON array works too.
    func value(fromEnvironment raw: String) -> JSONValue {
        switch self {
        case .dataDir, .logLevel:
            return .string(raw)
        case .pluginsDirs:
            return Self.list(raw, separator: ":")
        case .disabled:
            return Self.list(raw, separator: ",")
        case .daemon:
            return (try? JSONParser.parse(raw)) ?? .string(raw)
        }
    }

    private static func list(_ raw: String, separator: Character) -> JSONValue {
        if let parsed = try? JSONParser.parse(raw), parsed.arrayValue != nil { return parsed }
        let items = raw.split(separator: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        return .array(items.map(JSONValue.string))
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
