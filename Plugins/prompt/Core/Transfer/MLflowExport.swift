/// An export shaped like MLflow's prompt registry entities (`Prompt`, `PromptVersion`,
/// `PromptModelConfig`), for the fields the two registries share:
///
/// - prompt: `name`, `description`, `creation_timestamp`, `last_updated_timestamp`, `tags`, `aliases`;
/// - version: `name`, `version`, `template` (string or chat messages), `commit_message`,
///   `creation_timestamp`, `last_updated_timestamp`, `user_id` (our `author`), `tags`, `aliases`,
///   `variables`, `uri` (`prompts:/NAME/VERSION`), `response_format`, `model_config`.
///
/// `model_config` renames our `model` to `model_name` and `stop` to `stop_sequences` and keeps
/// other keys at the top level, as `PromptModelConfig.to_dict()` does with `extra_params`. MLflow
/// aliases point at one version, so a split alias is exported as the prompt tag
/// `aip.alias_split.<alias>` holding the variants as JSON. Alias history has no MLflow field and
/// is left out (the registry's own export keeps it).
public struct MLflowExport: Encodable, Sendable {
    public let prompts: [Prompt]

    public struct Prompt: Encodable, Sendable {
        let name: String
        let description: String
        let creationTimestamp: Int64
        let lastUpdatedTimestamp: Int64
        let tags: [String: String]
        let aliases: [Alias]
        let versions: [Version]

        enum CodingKeys: String, CodingKey {
            case name, description, creationTimestamp = "creation_timestamp", lastUpdatedTimestamp = "last_updated_timestamp"
            case tags, aliases, versions
        }
    }

    public struct Alias: Encodable, Sendable {
        let alias: String
        let version: String
    }

    public struct Version: Encodable, Sendable {
        let name: String
        let version: Int
        let template: PromptTemplate
        let commitMessage: String
        let creationTimestamp: Int64
        let lastUpdatedTimestamp: Int64
        let userId: String?
        let tags: [String: String]
        let aliases: [String]
        let variables: [String]
        let uri: String
        let responseFormat: JSONValue?
        let modelConfig: JSONValue?

        enum CodingKeys: String, CodingKey {
            case name, version, template, commitMessage = "commit_message", creationTimestamp = "creation_timestamp"
            case lastUpdatedTimestamp = "last_updated_timestamp", userId = "user_id", tags, aliases, variables, uri
            case responseFormat = "response_format", modelConfig = "model_config"
        }
    }

    /// Our parameter names that MLflow spells differently.
    static let renamed = ["model": "model_name", "stop": "stop_sequences"]

    static func modelConfig(_ parameters: ModelParameters) -> JSONValue? {
        guard !parameters.isEmpty else { return nil }
        var config: [String: JSONValue] = [:]
        for (key, value) in parameters.values {
            if key == "stop", case .string(let single) = value {
                config["stop_sequences"] = .array([.string(single)])
            } else {
                config[renamed[key] ?? key] = value
            }
        }
        return .object(config)
    }

    init(_ document: RegistryExport) {
        prompts = document.prompts.map { prompt in
            let aliases = prompt.aliases
            var tags = prompt.tags
            for alias in aliases where alias.variants.count > 1 {
                tags["aip.alias_split.\(alias.alias)"] = JSONValue.array(alias.variants.map {
                    .object(["version": .number(Double($0.version)), "weight": .number($0.weight)])
                }).jsonText
            }
            let single = aliases.filter { $0.variants.count == 1 }
            let updated = ([prompt.createdAt ?? 0] + prompt.versions.map { $0.createdAt ?? 0 }).max() ?? 0
            return Prompt(
                name: prompt.name, description: prompt.description, creationTimestamp: prompt.createdAt ?? 0,
                lastUpdatedTimestamp: updated, tags: tags,
                aliases: single.map { Alias(alias: $0.alias, version: String($0.variants[0].version)) },
                versions: prompt.versions.map { version in
                    let compiledNames = version.content.variables.map(\.name)
                    return Version(
                        name: prompt.name, version: version.version, template: version.content.template,
                        commitMessage: version.commitMessage, creationTimestamp: version.createdAt ?? 0,
                        lastUpdatedTimestamp: version.createdAt ?? 0, userId: version.author, tags: version.tags,
                        aliases: single.filter { $0.variants[0].version == version.version }.map(\.alias),
                        variables: compiledNames, uri: "prompts:/\(prompt.name)/\(version.version)",
                        responseFormat: version.content.responseFormat, modelConfig: Self.modelConfig(version.content.modelParameters))
                })
        }
    }
}

extension PromptRegistry {
    /// The named prompts (or all) in MLflow's prompt registry shape.
    public func exportMLflow(names: [String]? = nil) throws -> MLflowExport {
        MLflowExport(try export(names: names))
    }
}
