import AIPluginKit
import PromptCore

struct AliasSetReply: Encodable, Sendable {
    let name: String
    let alias: String
    let move: AliasMove
}

/// Payload of `prompt.alias.moved`.
struct AliasMovedEvent: Encodable, Sendable {
    let name: String
    let alias: String
    let from: [AliasVariant]?
    let to: [AliasVariant]?
    let moveId: Int64
    let rollbackOf: Int64?
    let actor: String?

    enum CodingKeys: String, CodingKey {
        case name, alias, from, to, moveId = "move_id", rollbackOf = "rollback_of", actor
    }
}

extension PromptPlugin {
    func setAlias(_ request: AliasSetRequest, caller: String) throws -> AliasSetReply {
        let actor = request.actor ?? caller
        let chosen = [request.version != nil, request.variants != nil, request.rollback == true, request.delete == true].filter { $0 }.count
        guard chosen == 1 else {
            throw PluginError(.invalidArgument, "prompt.alias.set takes exactly one of version, variants, rollback: true or delete: true")
        }
        let move = try registryCall { () throws -> AliasMove in
            if let version = request.version {
                return try registry.setAlias(name: request.name, alias: request.alias, variants: [AliasVariant(version: version)],
                                             expectedVersion: request.expectedVersion, actor: actor, note: request.note)
            } else if let variants = request.variants {
                return try registry.setAlias(name: request.name, alias: request.alias, variants: variants,
                                             expectedVersion: request.expectedVersion, actor: actor, note: request.note)
            } else if request.rollback == true {
                return try registry.rollbackAlias(name: request.name, alias: request.alias, actor: actor, note: request.note)
            } else {
                return try registry.deleteAlias(name: request.name, alias: request.alias, actor: actor, note: request.note)
            }
        }
        publish("prompt.alias.moved", AliasMovedEvent(name: request.name, alias: request.alias, from: move.from, to: move.to,
                                                      moveId: move.id, rollbackOf: move.rollbackOf, actor: move.actor))
        return AliasSetReply(name: request.name, alias: request.alias, move: move)
    }

    /// The hot path: the request read by `RenderRequestScanner` when it has the usual shape
    /// (Codable otherwise), the reply written as JSON by the compiled version itself.
    func render(_ call: IncomingCall) throws -> Reply {
        guard call.contentType.hasPrefix("application/json") else {
            throw PluginError(.unsupported, "prompt.render takes application/json, got \(call.contentType)")
        }
        let request = try RenderRequestScanner.scan(call.body) ?? call.decode(RenderRequest.self)
        let selector = try VersionChoice(version: request.version, alias: request.alias).selector()
        let json = try registryCall { try registry.renderJSON(name: request.name, selector, pairs: request.variables, key: request.key) }
        return .bytes(json, contentType: "application/json")
    }

    func pick(_ request: PickRequest) throws -> VariantPick {
        guard !request.key.isEmpty else { throw PluginError(.invalidArgument, "key must not be empty: it is what keeps a caller on one version") }
        return try registryCall { try registry.pickVariant(name: request.name, alias: request.alias, key: request.key) }
    }
}
