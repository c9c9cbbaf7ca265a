import Foundation

/// Changes one member of a config file for commands such as `aip market add`, keeping everything
/// else. The file is read as written (unexpanded `${ENV}` references stay references), the new text
/// must parse as a valid host config before it replaces the old one, and the replacement is an
/// atomic rename, so a failure leaves the old file as it was.
public enum ConfigFileEditor {
    /// Sets (or with nil removes) the member at `path` (e.g. ["marketplaces", "first-party"]),
    /// creating the file and intermediate objects as needed.
    public static func set(_ path: [String], to value: JSONValue?, in file: String,
                           environment: [String: String]) throws(ConfigError) {
        var document: JSONValue = .object([:])
        if FileManager.default.fileExists(atPath: file) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError(source: file, message: "cannot read the config file")
            }
            do {
                document = try JSONParser.parse(String(decoding: data, as: UTF8.self), source: file)
            } catch {
                throw ConfigError(source: file, location: error.location, message: "cannot edit: invalid JSON: \(error.message)")
            }
        }
        guard case .object = document else {
            throw ConfigError(source: file, message: "cannot edit: the configuration must be a JSON object")
        }
        let updated = try setting(path[...], to: value, in: document, file: file)
        let text = updated.serialized(pretty: true, sortedKeys: true) + "\n"
        _ = try HostConfig.parse(text: text, source: file, environment: environment)
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ConfigError(source: file, message: "cannot write the config file: \(error.localizedDescription)")
        }
    }

    private static func setting(_ path: ArraySlice<String>, to value: JSONValue?, in document: JSONValue,
                                file: String) throws(ConfigError) -> JSONValue {
        guard let key = path.first else { return value ?? .null }
        guard case .object(var members) = document else {
            throw ConfigError(source: file, message: "cannot edit: \(key) would go inside a \(document.typeName), not an object")
        }
        if path.count == 1 {
            members[key] = value
        } else {
            members[key] = try setting(path.dropFirst(), to: value, in: members[key] ?? .object([:]), file: file)
        }
        return .object(members)
    }
}
