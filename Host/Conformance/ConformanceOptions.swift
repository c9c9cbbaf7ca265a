/// How hard and how long `aip plugin test` pushes a plugin.
public struct ConformanceOptions: Sendable, Codable, Equatable {
    /// Seeds every fuzz input; the same seed sends the same inputs.
    public var seed: UInt64
    /// Fuzz inputs per capability; also the total call count of the concurrency check.
    public var iterations: Int
    /// The latency bound: no single call may take longer.
    public var maxCallMilliseconds: Int
    /// A check's child process still running after this long is killed and reported hung.
    public var timeoutSeconds: Int
    /// Threads of the concurrency check.
    public var threads: Int
    /// A host config file whose `plugins` section configures the plugin (else defaults).
    public var configFile: String?
    /// Plugins loaded alongside to provide the tested plugin's requirements; not tested.
    public var providers: [String]

    public static let defaultIterations = 1000
    public static let defaultMaxCallMilliseconds = 1000
    public static let defaultTimeoutSeconds = 60
    public static let defaultThreads = 4

    public init(seed: UInt64, iterations: Int = defaultIterations, maxCallMilliseconds: Int = defaultMaxCallMilliseconds,
                timeoutSeconds: Int = defaultTimeoutSeconds, threads: Int = defaultThreads,
                configFile: String? = nil, providers: [String] = []) {
        self.seed = seed
        self.iterations = iterations
        self.maxCallMilliseconds = maxCallMilliseconds
        self.timeoutSeconds = timeoutSeconds
        self.threads = threads
        self.configFile = configFile
        self.providers = providers
    }

    /// A fresh seed small enough to read, type and survive a JSON number (< 2^53).
    public static func randomSeed() -> UInt64 {
        UInt64.random(in: 1...999_999_999)
    }
}
