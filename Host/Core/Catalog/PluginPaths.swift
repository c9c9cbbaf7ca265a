import Foundation

/// Where the host finds its home, plugins, config and data. Precedence, highest first:
/// command-line flags, environment (`AIP_HOME`, `AIP_PLUGINS_DIR`, `AIP_CONFIG`), the config
/// file's `host` section, then defaults under `~/.aip`.
public struct PluginPaths: Sendable {
    public var home: String
    public var pluginsDirs: [String]
    public var configFile: String?
    public var dataRoot: String
    public var cacheFile: String

    public init(home: String, pluginsDirs: [String], configFile: String?, dataRoot: String, cacheFile: String) {
        self.home = home
        self.pluginsDirs = pluginsDirs
        self.configFile = configFile
        self.dataRoot = dataRoot
        self.cacheFile = cacheFile
    }

    /// The home directory alone (the config file's location depends on it).
    public static func home(flag: String?, environment: [String: String]) -> String {
        if let flag { return absolute(flag) }
        if let home = environment["AIP_HOME"], !home.isEmpty { return absolute(home) }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: user).appendingPathComponent(".aip").path
    }

    /// The config file to read: the flag, `AIP_CONFIG`, or `HOME/config.json` when it exists.
    public static func configFile(flag: String?, home: String, environment: [String: String]) -> String? {
        if let flag { return absolute(flag) }
        if let file = environment["AIP_CONFIG"], !file.isEmpty { return absolute(file) }
        let standard = URL(fileURLWithPath: home).appendingPathComponent("config.json").path
        return FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    public static func resolve(home: String, pluginsDirFlags: [String], configFile: String?,
                               configPluginsDirs: [String], configDataDir: String?,
                               environment: [String: String]) -> PluginPaths {
        // Relative paths in the config file are relative to the file, not to whoever started us.
        let configDirectory = configFile.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        func fromConfig(_ path: String) -> String {
            guard let configDirectory, !path.hasPrefix("/"), !path.hasPrefix("~") else { return absolute(path) }
            return absolute(URL(fileURLWithPath: configDirectory).appendingPathComponent(path).path)
        }
        let dirs: [String]
        if !pluginsDirFlags.isEmpty {
            dirs = pluginsDirFlags.map(absolute)
        } else if let fromEnvironment = environment["AIP_PLUGINS_DIR"], !fromEnvironment.isEmpty {
            dirs = fromEnvironment.split(separator: ":").map { absolute(String($0)) }
        } else if !configPluginsDirs.isEmpty {
            dirs = configPluginsDirs.map(fromConfig)
        } else {
            dirs = [URL(fileURLWithPath: home).appendingPathComponent("plugins").path]
        }
        return PluginPaths(home: home, pluginsDirs: dirs, configFile: configFile,
                           dataRoot: configDataDir.map(fromConfig) ?? URL(fileURLWithPath: home).appendingPathComponent("data").path,
                           cacheFile: URL(fileURLWithPath: home).appendingPathComponent("cache/plugins.json").path)
    }

    public static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded).standardizedFileURL.path
    }

    /// Every `*.so` below the plugins directories (at most four levels deep, e.g.
    /// `plugins/NAME/VERSION/libNAME.so`), sorted so that load order is reproducible.
    ///
    /// A folder holding a `current` link (the layout the marketplace installs:
    /// `plugins/NAME/VERSION/` plus `plugins/NAME/current -> VERSION`) contributes only the version
    /// `current` points to, and by its real, versioned path: older versions kept for rollback are
    /// never loaded, and a new version is always loaded from a path of its own (Swift images
    /// cannot be unloaded and reloaded from the same path).
    public func discoverPluginFiles() -> [String] {
        var found: [String] = []
        for directory in pluginsDirs {
            found += Self.sharedObjects(in: directory, depth: 4)
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    /// The link naming a plugin folder's active version.
    public static let activeVersionLink = "current"

    private static func sharedObjects(in directory: String, depth: Int) -> [String] {
        guard depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        if names.contains(activeVersionLink) {
            let link = URL(fileURLWithPath: directory).appendingPathComponent(activeVersionLink).path
            guard let target = realPath(link) else { return [] }
            return sharedObjects(in: target, depth: depth - 1)
        }
        var result: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                result += sharedObjects(in: path, depth: depth - 1)
            } else if name.hasSuffix(".so") {
                result.append(path)
            }
        }
        return result
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
