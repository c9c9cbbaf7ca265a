/// One marketplace the host installs from, from the config's top-level `marketplaces` object:
///
/// ```json
/// "marketplaces": { "first-party": { "url": "file:///opt/aip/index.json",
///                                    "keys": ["ed25519:BASE64"], "allow_unsigned": false } }
/// ```
/// The keys are the trust anchors: an index is accepted only when one of them signed it.
public struct MarketplaceSettings: Sendable, Equatable {
    /// The index URL (`file://`, `http://` or `https://`); its signature is at URL + ".sig".
    public var url: String
    /// Trusted Ed25519 public keys, `ed25519:BASE64`; checked for form by the marketplace code.
    public var keys: [String]
    /// Development only: accept the index unsigned.
    public var allowUnsigned: Bool

    public init(url: String, keys: [String] = [], allowUnsigned: Bool = false) {
        self.url = url
        self.keys = keys
        self.allowUnsigned = allowUnsigned
    }
}

/// Reads the `marketplaces` object, naming the file, line and field of any mistake.
struct MarketplaceSettingsDecoder {
    let sourceMap: ConfigSourceMap

    func decode(_ value: JSONValue?) throws(ConfigError) -> [String: MarketplaceSettings] {
        guard let value else { return [:] }
        guard let members = value.objectValue else {
            throw sourceMap.error(at: "marketplaces", "expected an object of marketplaces by name, got \(value.typeName)")
        }
        var result: [String: MarketplaceSettings] = [:]
        for name in members.keys.sorted() {
            let path = JSONPath.member(name, of: "marketplaces")
            guard let entry = members[name]?.objectValue else {
                throw sourceMap.error(at: path, "expected an object with \"url\" and \"keys\", got \(members[name]?.typeName ?? "nothing")")
            }
            for key in entry.keys.sorted() where !["url", "keys", "allow_unsigned"].contains(key) {
                throw sourceMap.error(at: JSONPath.member(key, of: path), "unknown marketplace setting (known: allow_unsigned, keys, url)")
            }
            guard let url = entry["url"]?.stringValue, !url.isEmpty else {
                throw sourceMap.error(at: JSONPath.member("url", of: path), "is required: the index URL (file://, http:// or https://)")
            }
            var keys: [String] = []
            if let list = entry["keys"] {
                guard let items = list.arrayValue else {
                    throw sourceMap.error(at: JSONPath.member("keys", of: path), "expected an array of \"ed25519:...\" strings, got \(list.typeName)")
                }
                for (offset, item) in items.enumerated() {
                    guard let key = item.stringValue else {
                        throw sourceMap.error(at: JSONPath.element(offset, of: JSONPath.member("keys", of: path)), "expected a string, got \(item.typeName)")
                    }
                    keys.append(key)
                }
            }
            var allowUnsigned = false
            if let flag = entry["allow_unsigned"] {
                guard let bool = flag.boolValue else {
                    throw sourceMap.error(at: JSONPath.member("allow_unsigned", of: path), "expected true or false, got \(flag.typeName)")
                }
                allowUnsigned = bool
            }
            result[name] = MarketplaceSettings(url: url, keys: keys, allowUnsigned: allowUnsigned)
        }
        return result
    }
}
