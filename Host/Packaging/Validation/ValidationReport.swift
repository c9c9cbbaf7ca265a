/// The outcome of checking a manifest against its library. Every error is a full sentence that
/// starts with the manifest's path, so it can be printed on its own.
public struct ValidationReport: Codable, Sendable, Equatable {
    /// The manifest that was checked.
    public let manifest: String
    /// The library the manifest names, once the manifest could be read.
    public let library: String?
    /// "NAME VERSION" from the manifest, once it could be read.
    public let plugin: String?
    public let ok: Bool
    public let errors: [String]

    public init(manifest: String, library: String?, plugin: String?, errors: [String]) {
        self.manifest = manifest
        self.library = library
        self.plugin = plugin
        self.ok = errors.isEmpty
        self.errors = errors
    }
}
