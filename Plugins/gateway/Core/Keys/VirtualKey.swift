import AIPConfig

/// A gateway API key as stored: only the SHA-256 of the secret, its first characters for display,
/// what it may do and whom its usage is attributed to.
public struct VirtualKey: Sendable, Equatable {
    public var id: String
    public var hash: String
    public var prefix: String
    public var name: String
    public var project: String?
    public var user: String?
    public var tenant: String?
    /// nil: every model.
    public var allowedModels: [String]?
    public var rpm: Int?
    public var tpm: Int?
    public var createdAtMs: Int64
    public var revokedAtMs: Int64?

    public init(id: String, hash: String, prefix: String, name: String, project: String? = nil, user: String? = nil, tenant: String? = nil,
                allowedModels: [String]? = nil, rpm: Int? = nil, tpm: Int? = nil, createdAtMs: Int64, revokedAtMs: Int64? = nil) {
        self.id = id
        self.hash = hash
        self.prefix = prefix
        self.name = name
        self.project = project
        self.user = user
        self.tenant = tenant
        self.allowedModels = allowedModels
        self.rpm = rpm
        self.tpm = tpm
        self.createdAtMs = createdAtMs
        self.revokedAtMs = revokedAtMs
    }

    public var caller: Caller {
        Caller(keyID: id, project: project, user: user, tenant: tenant, allowedModels: allowedModels, rpm: rpm, tpm: tpm)
    }

    /// The listing form: never the hash.
    public var json: JSONValue {
        var out: [String: JSONValue] = ["id": .string(id), "prefix": .string(prefix), "name": .string(name),
                                        "created_at": .int(createdAtMs), "revoked": .bool(revokedAtMs != nil)]
        out["project"] = project.map(JSONValue.string)
        out["user"] = user.map(JSONValue.string)
        out["tenant"] = tenant.map(JSONValue.string)
        out["allowed_models"] = allowedModels.map { .array($0.map(JSONValue.string)) }
        out["rpm"] = rpm.map { .int(Int64($0)) }
        out["tpm"] = tpm.map { .int(Int64($0)) }
        out["revoked_at"] = revokedAtMs.map(JSONValue.int)
        return .object(out)
    }
}
