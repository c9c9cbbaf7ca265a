import AIPluginKit
import PromptCore

/// `prompt.create`: a new prompt and its version 1.
struct CreateRequest: Decodable, Sendable {
    let name: String
    let description: String?
    let tags: [String: String]?
    let content: VersionContent
    let commitMessage: String?
    let versionTags: [String: String]?
    let author: String?

    enum CodingKeys: String, CodingKey {
        case name, description, tags, commitMessage = "commit_message", versionTags = "version_tags", author
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags)
        commitMessage = try container.decodeIfPresent(String.self, forKey: .commitMessage)
        versionTags = try container.decodeIfPresent([String: String].self, forKey: .versionTags)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        content = try VersionContent(from: decoder)
    }
}

/// `prompt.version.create`: the next version of a prompt.
struct CreateVersionRequest: Decodable, Sendable {
    let name: String
    let content: VersionContent
    let commitMessage: String?
    let tags: [String: String]?
    let author: String?
    let parentVersion: Int?

    enum CodingKeys: String, CodingKey {
        case name, commitMessage = "commit_message", tags, author, parentVersion = "parent_version"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        commitMessage = try container.decodeIfPresent(String.self, forKey: .commitMessage)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        parentVersion = try container.decodeIfPresent(Int.self, forKey: .parentVersion)
        content = try VersionContent(from: decoder)
    }
}

/// A version named by number or alias; neither means `latest`.
struct VersionChoice: Decodable, Sendable {
    let version: Int?
    let alias: String?

    func selector() throws -> VersionSelector {
        switch (version, alias) {
        case (let number?, nil): return .version(number)
        case (nil, let alias?): return VersionSelector(reference: alias)
        case (nil, nil): return .latest
        case (.some, .some): throw PluginError(.invalidArgument, "give either version or alias, not both")
        }
    }
}

struct GetRequest: Decodable, Sendable {
    let name: String
    let version: Int?
    let alias: String?
    let key: String?
    let history: Bool?
}

struct ListRequest: Decodable, Sendable {
    let tags: [String: String]?
    let kind: String?
    let limit: Int?
    let offset: Int?
}

struct SearchRequest: Decodable, Sendable {
    let query: String
    let tags: [String: String]?
    let kind: String?
    let limit: Int?
}

struct AliasSetRequest: Decodable, Sendable {
    let name: String
    let alias: String
    let version: Int?
    let variants: [AliasVariant]?
    let rollback: Bool?
    let delete: Bool?
    let expectedVersion: Int?
    let actor: String?
    let note: String?

    enum CodingKeys: String, CodingKey {
        case name, alias, version, variants, rollback, delete, expectedVersion = "expected_version", actor, note
    }
}

struct RenderRequest: Decodable, Sendable {
    let name: String
    let version: Int?
    let alias: String?
    /// The given values, as name/value pairs; a null value is left out, so its default applies.
    let variables: [(key: String, value: String)]
    let key: String?

    enum CodingKeys: String, CodingKey {
        case name, version, alias, variables, key
    }

    init(name: String, version: Int?, alias: String?, variables: [(key: String, value: String)], key: String?) {
        self.name = name
        self.version = version
        self.alias = alias
        self.variables = variables
        self.key = key
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        version = try container.decodeIfPresent(Int.self, forKey: .version)
        alias = try container.decodeIfPresent(String.self, forKey: .alias)
        key = try container.decodeIfPresent(String.self, forKey: .key)
        // Decoded member by member into pairs: the compiled prompt looks each name up once.
        var values: [(key: String, value: String)] = []
        if container.contains(.variables), try !container.decodeNil(forKey: .variables) {
            let members = try container.nestedContainer(keyedBy: VariableName.self, forKey: .variables)
            for name in members.allKeys {
                if let text = try members.decode(VariableValue.self, forKey: name).text { values.append((name.stringValue, text)) }
            }
        }
        variables = values
    }
}

/// A coding key for variable names, which are data.
struct VariableName: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// A variable's value: strings as they are, numbers and booleans as JSON writes them, arrays and
/// objects as compact JSON text, null as "not given" (the default applies).
struct VariableValue: Decodable, Sendable {
    let text: String?

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: nearly every value is one, and a failed attempt costs an error value.
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if container.decodeNil() {
            text = nil
        } else {
            let value = try container.decode(JSONValue.self)
            text = value.jsonText
        }
    }
}

/// A version reference in JSON: a number, or a string (`"3"`, `"latest"`, an alias).
struct SelectorValue: Decodable, Sendable {
    let selector: VersionSelector

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            selector = .version(number)
        } else {
            selector = VersionSelector(reference: try container.decode(String.self))
        }
    }
}

struct DiffRequest: Decodable, Sendable {
    let name: String
    let from: SelectorValue
    let to: SelectorValue?
    let key: String?
}

struct PickRequest: Decodable, Sendable {
    let name: String
    let alias: String
    let key: String
}

struct StatsRequest: Decodable, Sendable {
    let name: String
    let versions: [Int]?
    let alias: String?
}

struct ExportRequest: Decodable, Sendable {
    let names: [String]?
    let format: String?
    let path: String?
}

struct ImportRequest: Decodable, Sendable {
    let document: RegistryExport?
    let path: String?
    let dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case document, path, dryRun = "dry_run"
    }
}
