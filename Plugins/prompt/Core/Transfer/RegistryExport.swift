/// The registry's own export format: every prompt with its whole history (versions, aliases and
/// alias moves). `prompt.import` reads it back; importing the same file twice changes nothing.
public struct RegistryExport: Codable, Sendable {
    public static let formatName = "aip.prompt-registry"
    public static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    public var exportedAt: Int64
    public var prompts: [ExportedPrompt]

    public init(prompts: [ExportedPrompt], exportedAt: Int64) {
        format = Self.formatName
        formatVersion = Self.currentFormatVersion
        self.exportedAt = exportedAt
        self.prompts = prompts
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", exportedAt = "exported_at", prompts
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        exportedAt = try container.decodeIfPresent(Int64.self, forKey: .exportedAt) ?? 0
        prompts = try container.decode([ExportedPrompt].self, forKey: .prompts)
    }
}

public struct ExportedPrompt: Codable, Sendable {
    public var name: String
    public var description: String
    public var tags: [String: String]
    public var createdAt: Int64?
    public var versions: [ExportedVersion]
    public var aliases: [ExportedAlias]
    public var aliasMoves: [AliasMove]

    enum CodingKeys: String, CodingKey {
        case name, description, tags, createdAt = "created_at", versions, aliases, aliasMoves = "alias_moves"
    }

    public init(name: String, description: String, tags: [String: String], createdAt: Int64?, versions: [ExportedVersion],
                aliases: [ExportedAlias], aliasMoves: [AliasMove]) {
        self.name = name
        self.description = description
        self.tags = tags
        self.createdAt = createdAt
        self.versions = versions
        self.aliases = aliases
        self.aliasMoves = aliasMoves
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        createdAt = try container.decodeIfPresent(Int64.self, forKey: .createdAt)
        versions = try container.decode([ExportedVersion].self, forKey: .versions)
        aliases = try container.decodeIfPresent([ExportedAlias].self, forKey: .aliases) ?? []
        aliasMoves = try container.decodeIfPresent([AliasMove].self, forKey: .aliasMoves) ?? []
    }
}

public struct ExportedAlias: Codable, Sendable, Hashable {
    public var alias: String
    public var variants: [AliasVariant]
}

public struct ExportedVersion: Codable, Sendable {
    public var version: Int
    public var content: VersionContent
    public var commitMessage: String
    public var tags: [String: String]
    public var author: String?
    public var createdAt: Int64?

    enum CodingKeys: String, CodingKey {
        case version, commitMessage = "commit_message", tags, author, createdAt = "created_at"
    }

    public init(version: Int, content: VersionContent, commitMessage: String, tags: [String: String], author: String?, createdAt: Int64?) {
        self.version = version
        self.content = content
        self.commitMessage = commitMessage
        self.tags = tags
        self.author = author
        self.createdAt = createdAt
    }

    // The content's fields sit beside the version's own, as in `prompt.get`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        content = try VersionContent(from: decoder)
        commitMessage = try container.decodeIfPresent(String.self, forKey: .commitMessage) ?? ""
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        author = try container.decodeIfPresent(String.self, forKey: .author)
        createdAt = try container.decodeIfPresent(Int64.self, forKey: .createdAt)
    }

    private enum AllKeys: String, CodingKey {
        case version, template, variables, modelParameters = "model_parameters", responseFormat = "response_format"
        case commitMessage = "commit_message", tags, author, createdAt = "created_at"
    }

    // One container for every key: a streaming encoder cannot merge two containers of one object.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: AllKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(content.template, forKey: .template)
        try container.encode(content.variables, forKey: .variables)
        try container.encode(content.modelParameters, forKey: .modelParameters)
        try container.encodeIfPresent(content.responseFormat, forKey: .responseFormat)
        try container.encode(commitMessage, forKey: .commitMessage)
        try container.encode(tags, forKey: .tags)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
    }
}

/// What an import did, prompt by prompt.
public struct ImportReport: Codable, Sendable, Equatable {
    public struct Updated: Codable, Sendable, Equatable {
        public let name: String
        public let versionsAdded: [Int]
        public let aliasesMoved: [String]

        enum CodingKeys: String, CodingKey {
            case name, versionsAdded = "versions_added", aliasesMoved = "aliases_moved"
        }
    }

    public let created: [String]
    public let updated: [Updated]
    public let unchanged: [String]
    public let dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case created, updated, unchanged, dryRun = "dry_run"
    }
}
