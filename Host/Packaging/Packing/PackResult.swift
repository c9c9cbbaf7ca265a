/// What `PluginPacker.pack` wrote.
public struct PackResult: Codable, Sendable, Equatable {
    /// The archive's path.
    public let path: String
    /// The archive's size in bytes.
    public let size: Int
    /// Hex sha256 of the whole archive, the value an index pins.
    public let sha256: String
    /// Entry names in archive order.
    public let files: [String]
    /// Things worth fixing that did not stop packing (a missing README.md or LICENSE).
    public let warnings: [String]
}
