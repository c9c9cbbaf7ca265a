import AIPluginKit
import PromptCore

/// A version in a history listing: everything but the template.
struct VersionHeader: Encodable, Sendable {
    let version: Int
    let kind: String
    let commitMessage: String
    let author: String?
    let tags: [String: String]
    let createdAt: Int64
    let aliases: [String]

    enum CodingKeys: String, CodingKey {
        case version, kind, commitMessage = "commit_message", author, tags, createdAt = "created_at", aliases
    }
}

struct GetReply: Encodable, Sendable {
    let prompt: PromptSummary
    let version: PromptVersion
    let history: [VersionHeader]?
    let aliasMoves: [AliasMove]?

    enum CodingKeys: String, CodingKey {
        case prompt, version, history, aliasMoves = "alias_moves"
    }
}

struct SearchReply: Encodable, Sendable {
    let hits: [SearchHit]
}

/// Payload of `prompt.created` and `prompt.version.created`.
struct VersionEvent: Encodable, Sendable {
    let name: String
    let version: Int
    let kind: String
    let commitMessage: String
    let author: String?
    let caller: String

    enum CodingKeys: String, CodingKey {
        case name, version, kind, commitMessage = "commit_message", author, caller
    }
}

extension PromptPlugin {
    func create(_ request: CreateRequest, caller: String) throws -> PromptVersion {
        let version = try registryCall {
            try registry.create(name: request.name, description: request.description ?? "", tags: request.tags ?? [:],
                                firstVersion: NewVersion(content: request.content, commitMessage: request.commitMessage ?? "",
                                                         tags: request.versionTags ?? [:], author: request.author ?? caller))
        }
        publish("prompt.created", VersionEvent(name: version.name, version: version.version, kind: version.kind,
                                               commitMessage: version.commitMessage, author: version.author, caller: caller))
        return version
    }

    func createVersion(_ request: CreateVersionRequest, caller: String) throws -> PromptVersion {
        let version = try registryCall {
            try registry.createVersion(name: request.name, NewVersion(content: request.content, commitMessage: request.commitMessage ?? "",
                                                                      tags: request.tags ?? [:], author: request.author ?? caller,
                                                                      parentVersion: request.parentVersion))
        }
        publish("prompt.version.created", VersionEvent(name: version.name, version: version.version, kind: version.kind,
                                                       commitMessage: version.commitMessage, author: version.author, caller: caller))
        return version
    }

    func get(_ request: GetRequest) throws -> GetReply {
        let selector = try VersionChoice(version: request.version, alias: request.alias).selector()
        return try registryCall {
            let version = try registry.version(name: request.name, selector, key: request.key)
            let summary = try registry.summary(name: request.name)
            guard request.history == true else { return GetReply(prompt: summary, version: version, history: nil, aliasMoves: nil) }
            let history = try registry.versions(name: request.name).map {
                VersionHeader(version: $0.version, kind: $0.kind, commitMessage: $0.commitMessage, author: $0.author, tags: $0.tags,
                              createdAt: $0.createdAt, aliases: $0.aliases)
            }
            return GetReply(prompt: summary, version: version, history: history, aliasMoves: try registry.aliasHistory(name: request.name))
        }
    }

    func list(_ request: ListRequest) throws -> PromptPage {
        try registryCall {
            try registry.list(tags: request.tags ?? [:], kind: request.kind, limit: request.limit ?? 100, offset: request.offset ?? 0)
        }
    }

    func search(_ request: SearchRequest) throws -> SearchReply {
        try registryCall {
            SearchReply(hits: try registry.search(request.query, tags: request.tags ?? [:], kind: request.kind, limit: request.limit ?? 50))
        }
    }

    func diff(_ request: DiffRequest) throws -> VersionDiff {
        try registryCall {
            try registry.diff(name: request.name, from: request.from.selector, to: request.to?.selector ?? .latest, key: request.key)
        }
    }

    /// Publishes an event; a refused publish is logged, never turned into a failed call, since
    /// the change it reports is already committed.
    func publish<T: Encodable>(_ topic: String, _ payload: T) {
        do {
            try context.publish(topic, json: payload)
        } catch {
            context.log(.warning, "could not publish \(topic): \(error)")
        }
    }
}
