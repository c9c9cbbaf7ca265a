/// A plugin the test host loaded and started.
public struct LoadedPlugin: Sendable, Equatable {
    public let name: String
    public let version: String
    /// The absolute path it was loaded from.
    public let path: String
    /// Its private data directory (what `host->data_dir` returns to it), inside the test host's
    /// temporary directory.
    public let dataDirectory: String
}
