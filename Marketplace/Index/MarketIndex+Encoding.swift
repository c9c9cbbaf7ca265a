import AIPConfig

extension MarketIndex {
    /// The index as `index.json` text: pretty-printed with sorted keys, so that publishing the same
    /// packages twice gives the same bytes and diffs between versions stay readable.
    public func serialized() -> String {
        var packageValues: [String: JSONValue] = [:]
        for (name, package) in packages {
            var versions: [String: JSONValue] = [:]
            for (version, release) in package.versions {
                versions[version.description] = release.jsonValue
            }
            var members: [String: JSONValue] = [
                "description": .string(package.description), "license": .string(package.license),
                "versions": .object(versions),
            ]
            if let homepage = package.homepage { members["homepage"] = .string(homepage) }
            packageValues[name] = .object(members)
        }
        let document: JSONValue = .object([
            "format": .int(Int64(Self.currentFormat)), "name": .string(name), "version": .int(version),
            "generated": .string(generated), "expires": .string(expires), "packages": .object(packageValues),
        ])
        return document.serialized(pretty: true, sortedKeys: true) + "\n"
    }
}

extension MarketIndex.Release {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "archive": .string(archive), "sha256": .string(sha256), "size": .int(size),
            "abi": .string(abi.text), "host": .string(host.text), "platform": .string(platform),
            "swift_toolchain": swiftToolchain.map(JSONValue.string) ?? .null,
            "requires": .array(requires.map { .object(["name": .string($0.name), "range": .string($0.range.text)]) }),
            "provides": .array(provides.map(JSONValue.string)), "yanked": .bool(yanked),
        ]
        if let description { members["description"] = .string(description) }
        if let published { members["published"] = .string(published) }
        if let yankReason { members["yank_reason"] = .string(yankReason) }
        return .object(members)
    }
}
