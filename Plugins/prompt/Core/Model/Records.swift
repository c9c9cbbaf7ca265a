/// One version an alias sends traffic to, with its share. A plain alias has one variant.
public struct AliasVariant: Codable, Sendable, Hashable {
    public let version: Int
    public let weight: Double

    public init(version: Int, weight: Double = 1) {
        self.version = version
        self.weight = weight
    }
}

/// Where an alias points now.
public struct AliasState: Codable, Sendable, Hashable {
    public let alias: String
    public let variants: [AliasVariant]
    public let updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case alias, variants, updatedAt = "updated_at"
    }
}

/// One recorded move of an alias. `from` is nil when the move created the alias, `to` is nil
/// when it removed it; `rollbackOf` names the move a rollback undid.
public struct AliasMove: Codable, Sendable, Hashable {
    public let id: Int64
    public let alias: String
    public let from: [AliasVariant]?
    public let to: [AliasVariant]?
    public let movedAt: Int64
    public let actor: String?
    public let note: String?
    public let rollbackOf: Int64?

    enum CodingKeys: String, CodingKey {
        case id, alias, from, to, movedAt = "moved_at", actor, note, rollbackOf = "rollback_of"
    }
}

/// A prompt as lists show it.
public struct PromptSummary: Codable, Sendable, Hashable {
    public let name: String
    public let description: String
    public let tags: [String: String]
    public let kind: String
    public let latestVersion: Int
    public let aliases: [AliasState]
    public let createdAt: Int64
    public let updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case name, description, tags, kind, latestVersion = "latest_version", aliases
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// The content of a version: what is immutable once written.
public struct VersionContent: Codable, Sendable, Hashable {
    public var template: PromptTemplate
    public var variables: [VariableSpec]
    public var modelParameters: ModelParameters
    public var responseFormat: JSONValue?

    public init(template: PromptTemplate, variables: [VariableSpec] = [], modelParameters: ModelParameters = ModelParameters(),
                responseFormat: JSONValue? = nil) {
        self.template = template
        self.variables = variables
        self.modelParameters = modelParameters
        self.responseFormat = responseFormat
    }

    enum CodingKeys: String, CodingKey {
        case template, variables, modelParameters = "model_parameters", responseFormat = "response_format"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        template = try container.decode(PromptTemplate.self, forKey: .template)
        variables = try container.decodeIfPresent([VariableSpec].self, forKey: .variables) ?? []
        modelParameters = try container.decodeIfPresent(ModelParameters.self, forKey: .modelParameters) ?? ModelParameters()
        responseFormat = try container.decodeIfPresent(JSONValue.self, forKey: .responseFormat)
    }
}

/// What a caller gives to create a version.
public struct NewVersion: Sendable {
    public var content: VersionContent
    public var commitMessage: String
    public var tags: [String: String]
    public var author: String?
    /// When set, the version is only created if the latest version is still this one, so two
    /// editors starting from the same version cannot silently overwrite each other's intent.
    public var parentVersion: Int?

    public init(content: VersionContent, commitMessage: String = "", tags: [String: String] = [:], author: String? = nil,
                parentVersion: Int? = nil) {
        self.content = content
        self.commitMessage = commitMessage
        self.tags = tags
        self.author = author
        self.parentVersion = parentVersion
    }
}

/// A stored version, in full.
public struct PromptVersion: Codable, Sendable, Hashable {
    public let name: String
    public let version: Int
    public let kind: String
    public let template: PromptTemplate
    /// Every placeholder, with its spec applied (required, default, description).
    public let variables: [ResolvedVariable]
    public let modelParameters: ModelParameters
    public let responseFormat: JSONValue?
    public let commitMessage: String
    public let tags: [String: String]
    public let author: String?
    public let createdAt: Int64
    /// Aliases pointing at this version now (a split alias counts for each of its versions).
    public let aliases: [String]

    enum CodingKeys: String, CodingKey {
        case name, version, kind, template, variables, modelParameters = "model_parameters"
        case responseFormat = "response_format", commitMessage = "commit_message", tags, author
        case createdAt = "created_at", aliases
    }

    /// The content as it would be given to create this version again.
    public var content: VersionContent {
        VersionContent(template: template,
                       variables: variables.map { VariableSpec(name: $0.name, required: $0.required, defaultValue: $0.defaultValue, description: $0.description) },
                       modelParameters: modelParameters, responseFormat: responseFormat)
    }
}

/// How a caller names a version: a number, an alias, or the newest one.
public enum VersionSelector: Sendable, Hashable, CustomStringConvertible {
    case latest
    case version(Int)
    case alias(String)

    /// `"3"` is version 3, `"latest"` the newest, anything else an alias.
    public init(reference: String) {
        if let number = Int(reference) {
            self = .version(number)
        } else if reference == "latest" {
            self = .latest
        } else {
            self = .alias(reference)
        }
    }

    public var description: String {
        switch self {
        case .latest: "latest"
        case .version(let number): "version \(number)"
        case .alias(let alias): "alias '\(alias)'"
        }
    }
}
