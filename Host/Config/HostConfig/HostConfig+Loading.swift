import Foundation

extension HostConfig {
    /// Loads the configuration file at `path`. With no path there is no file, and the result is
    /// the defaults plus any `AIP_*` environment overrides. An explicit path must exist: a typo in
    /// a path the user chose should not silently fall back to defaults.
    public static func load(path: String?, environment: [String: String]) throws(ConfigError) -> HostConfig {
        guard let path else {
            return try parse(text: "{}", source: noFileSource, environment: environment)
        }
        return try parse(text: try readText(at: path), source: path, environment: environment)
    }

    private static func readText(at path: String) throws(ConfigError) -> String {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(source: path, message: "config file not found")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(source: path, message: "is a directory, expected a config file")
        }
        guard let data = files.contents(atPath: path) else {
            throw ConfigError(source: path, message: "config file cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(source: path, message: "config file is not valid UTF-8")
        }
        return text
    }
}
