import AIPluginKit

/// The Swift side of the benchmarks: an opaque echo and a Codable decode + re-encode, the two
/// paths a Swift plugin author would write.
public final class SwiftBenchPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "swift-bench",
        version: "1.0.0",
        description: "Benchmark plugin: bytes echo and Codable JSON round trip",
        threadSafe: true,
        provides: [.message("sbench.echo"), .message("sbench.json")])

    /// A typical ~100-byte request body.
    struct Request: Codable, Sendable {
        let model: String
        let user: String
        let tokens: Int
        let temperature: Double
        let stream: Bool
        let tags: [String]
    }

    public init(context: PluginContext) throws {}

    public var handlers: [String: CapabilityHandler] {
        [
            "sbench.echo": .raw { call in .copying(call.body, contentType: "application/octet-stream") },
            "sbench.json": .json { (request: Request) -> Request in request },
        ]
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: SwiftBenchPlugin.self) }
