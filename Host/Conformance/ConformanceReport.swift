/// Everything `aip plugin test` found, as `--json` prints it and the table and JUnit render it.
public struct ConformanceReport: Sendable, Codable, Equatable {
    /// Name and version from the descriptor; nil when the plugin could not be loaded.
    public var plugin: String?
    public var version: String?
    public var path: String
    public var library: String
    public var manifest: String?
    public var options: ConformanceOptions
    public var results: [CheckResult]
    public var milliseconds: Int
    /// True when no check failed (skipped checks do not fail a plugin).
    public var passed: Bool

    public init(plugin: String?, version: String?, target: PluginTarget, options: ConformanceOptions,
                results: [CheckResult], milliseconds: Int) {
        self.plugin = plugin
        self.version = version
        self.path = target.path
        self.library = target.library
        self.manifest = target.manifest
        self.options = options
        self.results = results
        self.milliseconds = milliseconds
        self.passed = !results.contains { $0.outcome == .failed }
    }

    public var failures: [CheckResult] { results.filter { $0.outcome == .failed } }
}
