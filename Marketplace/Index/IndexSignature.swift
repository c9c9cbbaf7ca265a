import AIPConfig
import Foundation

/// The detached signature file `index.json.sig`: one or more Ed25519 signatures over the exact
/// bytes of `index.json`, each with the public key that made it, so publishers can rotate keys
/// (sign with old and new for a while). Written as JSON:
/// `{"signatures": [{"key": "ed25519:...", "signature": "BASE64"}]}`.
public struct IndexSignature: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let key: TrustedKey
        public let signature: [UInt8]
    }

    public static let fileSuffix = ".sig"
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Signs `index` with every key given.
    public static func sign(_ index: [UInt8], with keys: [SigningKey]) -> IndexSignature {
        IndexSignature(entries: keys.map { Entry(key: $0.publicKey, signature: $0.signature(for: index)) })
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(MarketIndexError) -> IndexSignature {
        let document: JSONValue
        do {
            document = try JSONParser.parse(String(decoding: bytes, as: UTF8.self), source: source)
        } catch {
            throw MarketIndexError(source: source, reason: "is not a signature file: \(error.message)")
        }
        guard let list = document["signatures"]?.arrayValue, !list.isEmpty else {
            throw MarketIndexError(source: source, reason: "is not a signature file: expected {\"signatures\": [...]} with at least one entry")
        }
        var entries: [Entry] = []
        for (offset, item) in list.enumerated() {
            let field = "signatures[\(offset)]"
            let key: TrustedKey
            do {
                key = try TrustedKey(parsing: item["key"]?.stringValue ?? "")
            } catch {
                throw MarketIndexError(source: source, problems: [.init(field: field + ".key", location: nil, reason: error.description)])
            }
            guard let text = item["signature"]?.stringValue, let raw = Data(base64Encoded: text), raw.count == 64 else {
                throw MarketIndexError(source: source, problems: [.init(field: field + ".signature", location: nil,
                                                                         reason: "must be a 64-byte Ed25519 signature in base64")])
            }
            entries.append(Entry(key: key, signature: Array(raw)))
        }
        return IndexSignature(entries: entries)
    }

    public func serialized() -> String {
        let list: [JSONValue] = entries.map {
            .object(["key": .string($0.key.description), "signature": .string(Data($0.signature).base64EncodedString())])
        }
        return JSONValue.object(["signatures": .array(list)]).serialized(pretty: true, sortedKeys: true) + "\n"
    }
}
