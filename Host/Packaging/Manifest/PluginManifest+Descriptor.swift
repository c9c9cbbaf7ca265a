import AIPConfig
import AIPHost

extension PluginManifest {
    /// What a manifest for this library would say. Fields the descriptor cannot know get neutral
    /// values: `license` "NOASSERTION", `isolation` "either", `platform` this host's triple, and
    /// `authors` as given — an empty list fails `load`, so a caller must fill it before writing
    /// a manifest meant to be published.
    public static func fromDescriptor(_ d: PluginDescriptor, library: String,
                                      license: String = "NOASSERTION", authors: [String] = []) -> PluginManifest {
        PluginManifest(
            name: d.name, version: d.version.description, description: d.description,
            license: license, authors: authors,
            language: d.language, abi: "\(d.abiMajor).\(d.abiMinor)", swiftToolchain: d.swiftToolchain,
            platform: HostPlatform.triple, library: library, threadSafe: d.threadSafe, isolation: "either",
            provides: d.provides.map { Capability(name: $0.name, version: $0.version.description, signature: $0.signature?.description) },
            requires: d.requirements.map { Requirement(name: $0.name, range: $0.range?.text, optional: $0.optional) },
            permissions: Permissions(publish: d.publishes.map(\.text), subscribe: d.subscribes.map(\.text)),
            configSchema: d.configSchema.flatMap { try? JSONParser.parse($0) })
    }

    /// This manifest with every field the descriptor determines taken from `d`, keeping what only
    /// the manifest knows (description, licence, authors, homepage, isolation, library). Used to
    /// bring a stale manifest back in line with its library.
    public func updated(from d: PluginDescriptor) -> PluginManifest {
        var result = PluginManifest.fromDescriptor(d, library: library, license: license, authors: authors)
        result.description = description
        result.homepage = homepage
        result.isolation = isolation
        return result
    }
}
