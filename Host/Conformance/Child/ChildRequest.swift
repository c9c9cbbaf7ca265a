/// One check for one child process: what the parent asks `aip plugin test-child` to do. It
/// round-trips through command-line arguments, so a failing check can be rerun by hand.
public struct ChildRequest: Sendable, Equatable {
    public var check: ConformanceCheck
    /// The capability for per-capability checks.
    public var capability: String?
    public var library: String
    /// The manifest to compare, for the manifest check.
    public var manifest: String?
    /// Where the plugin's data directory goes; the parent removes it when the run ends.
    public var dataRoot: String
    public var options: ConformanceOptions

    public init(check: ConformanceCheck, capability: String? = nil, library: String, manifest: String? = nil,
                dataRoot: String, options: ConformanceOptions) {
        self.check = check
        self.capability = capability
        self.library = library
        self.manifest = manifest
        self.dataRoot = dataRoot
        self.options = options
    }

    /// The arguments after `aip`, parsed back by `aip plugin test-child`.
    public var arguments: [String] {
        var arguments = ["plugin", "test-child", "--check", check.rawValue, "--seed", String(options.seed),
                         "--iterations", String(options.iterations), "--max-call-ms", String(options.maxCallMilliseconds),
                         "--threads", String(options.threads), "--data-root", dataRoot]
        if let capability { arguments += ["--capability", capability] }
        if let manifest { arguments += ["--manifest", manifest] }
        if let configFile = options.configFile { arguments += ["--config", configFile] }
        for provider in options.providers { arguments += ["--with", provider] }
        return arguments + ["--", library]
    }
}
