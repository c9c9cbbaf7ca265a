import AIPConfig
import Foundation
import AIPLocking

/// Authentication of gateway requests by virtual key, with the keys kept in memory by hash so
/// a request costs one SHA-256 and a dictionary lookup, not a database read.
public final class VirtualKeys: Sendable {
    public let store: VirtualKeyStore
    /// When true, every request needs a valid, unrevoked key; otherwise a request without one
    /// (or with an unknown one) is served anonymously.
    public let required: Bool
    private let byHash: Locked<[String: VirtualKey]>

    public init(store: VirtualKeyStore, required: Bool) throws {
        self.store = store
        self.required = required
        byHash = Locked(Dictionary(try store.all().map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The caller for a presented secret (from `Authorization: Bearer …` or `x-api-key`).
    public func authenticate(_ secret: String?) throws(GatewayError) -> Caller {
        guard let secret, !secret.isEmpty else {
            if required { throw .authentication("You didn't provide an API key. Send Authorization: Bearer <key>.") }
            return .anonymous
        }
        guard let key = byHash.withLock({ $0[VirtualKeyStore.hash(secret)] }) else {
            if required { throw .authentication("Incorrect API key provided: \(secret.prefix(8))….") }
            return .anonymous
        }
        guard key.revokedAtMs == nil else { throw .authentication("The API key \(key.prefix)… was revoked.") }
        return key.caller
    }

    /// Creates a key from `{"name", "project", "user", "tenant", "allowed_models", "rpm", "tpm"}`;
    /// answers the key (with its secret, shown only this once).
    public func create(_ request: JSONValue) throws(GatewayError) -> (key: VirtualKey, secret: String) {
        guard case .object(let fields) = request else { throw .invalidRequest("the request must be an object") }
        let models: [String]?
        if let list = fields["allowed_models"], !list.isNull {
            guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidRequest("allowed_models must be an array of model names", param: "allowed_models")
            }
            models = items.compactMap(\.stringValue)
        } else {
            models = nil
        }
        for field in ["rpm", "tpm"] {
            if let value = fields[field], !value.isNull, (value.int64Value ?? 0) < 1 {
                throw .invalidRequest("\(field) must be a positive integer", param: field)
            }
        }
        let secret = VirtualKeyStore.newSecret()
        let id = "key_" + String(VirtualKeyStore.hash(secret + "id").prefix(12))
        let key = VirtualKey(id: id, hash: VirtualKeyStore.hash(secret), prefix: String(secret.prefix(10)),
                             name: fields["name"]?.stringValue ?? id, project: fields["project"]?.stringValue, user: fields["user"]?.stringValue ?? id,
                             tenant: fields["tenant"]?.stringValue, allowedModels: models,
                             rpm: fields["rpm"]?.int64Value.map { Int($0) }, tpm: fields["tpm"]?.int64Value.map { Int($0) },
                             createdAtMs: Int64(Date().timeIntervalSince1970 * 1000))
        do { try store.insert(key) } catch { throw .internal("cannot store the key: \(error)") }
        byHash.withLock { $0[key.hash] = key }
        return (key, secret)
    }

    public func list() throws(GatewayError) -> [VirtualKey] {
        do { return try store.all() } catch { throw .internal("cannot read the keys: \(error)") }
    }

    public func revoke(id: String) throws(GatewayError) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let found: Bool
        do { found = try store.revoke(id: id, at: now) } catch { throw .internal("cannot revoke the key: \(error)") }
        guard found else { throw GatewayError(status: 404, type: "invalid_request_error", code: "key_not_found", param: "id", message: "no key with id '\(id)'") }
        byHash.withLock { keys in
            for (hash, key) in keys where key.id == id { keys[hash]?.revokedAtMs = key.revokedAtMs ?? now }
        }
    }
}
