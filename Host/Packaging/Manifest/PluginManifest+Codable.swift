import AIPConfig

// The JSON keys are snake_case as in the schema. Coding is written out because `config_schema`
// is a free-form JSON value (carried through `CodableJSONValue`) and must be written as `null`
// rather than left out when absent: the schema requires the key.
extension PluginManifest {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case manifestVersion = "manifest_version"
        case name, version, description, license, authors, homepage, language, abi
        case swiftToolchain = "swift_toolchain"
        case platform, library
        case threadSafe = "thread_safe"
        case isolation, provides, requires, permissions
        case configSchema = "config_schema"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            manifestVersion: try container.decode(Int.self, forKey: .manifestVersion),
            name: try container.decode(String.self, forKey: .name),
            version: try container.decode(String.self, forKey: .version),
            description: try container.decode(String.self, forKey: .description),
            license: try container.decode(String.self, forKey: .license),
            authors: try container.decode([String].self, forKey: .authors),
            homepage: try container.decodeIfPresent(String.self, forKey: .homepage),
            language: try container.decode(String.self, forKey: .language),
            abi: try container.decode(String.self, forKey: .abi),
            swiftToolchain: try container.decodeIfPresent(String.self, forKey: .swiftToolchain),
            platform: try container.decode(String.self, forKey: .platform),
            library: try container.decode(String.self, forKey: .library),
            threadSafe: try container.decode(Bool.self, forKey: .threadSafe),
            isolation: try container.decode(String.self, forKey: .isolation),
            provides: try container.decode([Capability].self, forKey: .provides),
            requires: try container.decode([Requirement].self, forKey: .requires),
            permissions: try container.decode(Permissions.self, forKey: .permissions),
            configSchema: try container.decodeIfPresent(CodableJSONValue.self, forKey: .configSchema)?.value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(manifestVersion, forKey: .manifestVersion)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(description, forKey: .description)
        try container.encode(license, forKey: .license)
        try container.encode(authors, forKey: .authors)
        try container.encodeIfPresent(homepage, forKey: .homepage)
        try container.encode(language, forKey: .language)
        try container.encode(abi, forKey: .abi)
        try container.encodeIfPresent(swiftToolchain, forKey: .swiftToolchain)
        try container.encode(platform, forKey: .platform)
        try container.encode(library, forKey: .library)
        try container.encode(threadSafe, forKey: .threadSafe)
        try container.encode(isolation, forKey: .isolation)
        try container.encode(provides, forKey: .provides)
        try container.encode(requires, forKey: .requires)
        try container.encode(permissions, forKey: .permissions)
        try container.encode(CodableJSONValue(configSchema ?? .null), forKey: .configSchema)
    }
}
