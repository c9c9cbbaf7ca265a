import AIPConfig

extension PluginManifest {
    /// The manifest as a `plugin.json` a person would write: keys in the documented order, one
    /// line per capability, requirement or top-level field, ending with a newline. Stable for the
    /// same manifest, so rewriting an unchanged manifest changes nothing on disk.
    public func jsonText() -> String {
        var fields: [(String, String)] = [
            ("manifest_version", String(manifestVersion)),
            ("name", Self.string(name)),
            ("version", Self.string(version)),
            ("description", Self.string(description)),
            ("license", Self.string(license)),
            ("authors", Self.inlineArray(authors.map(Self.string))),
        ]
        if let homepage { fields.append(("homepage", Self.string(homepage))) }
        fields += [("language", Self.string(language)), ("abi", Self.string(abi))]
        if let swiftToolchain { fields.append(("swift_toolchain", Self.string(swiftToolchain))) }
        fields += [
            ("platform", Self.string(platform)),
            ("library", Self.string(library)),
            ("thread_safe", String(threadSafe)),
            ("isolation", Self.string(isolation)),
            ("provides", Self.blockArray(provides.map(Self.capabilityText))),
            ("requires", Self.blockArray(requires.map(Self.requirementText))),
            ("permissions", Self.inlineObject([("publish", Self.inlineArray(permissions.publish.map(Self.string))),
                                               ("subscribe", Self.inlineArray(permissions.subscribe.map(Self.string)))])),
            // Indented by two so the nested schema lines up under its key.
            ("config_schema", (configSchema ?? .null).serialized(pretty: true).replacingNewlines(with: "\n  ")),
        ]
        return "{\n" + fields.map { "  \(Self.string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    private static func capabilityText(_ capability: Capability) -> String {
        var members = [("name", string(capability.name)), ("version", string(capability.version))]
        if let signature = capability.signature { members.append(("signature", string(signature))) }
        return inlineObject(members)
    }

    private static func requirementText(_ requirement: Requirement) -> String {
        var members = [("name", string(requirement.name))]
        if let range = requirement.range { members.append(("range", string(range))) }
        members.append(("optional", String(requirement.optional)))
        return inlineObject(members)
    }

    private static func string(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }

    private static func inlineObject(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    private static func inlineArray(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ", ") + "]"
    }

    private static func blockArray(_ elements: [String]) -> String {
        elements.isEmpty ? "[]" : "[\n    " + elements.joined(separator: ",\n    ") + "\n  ]"
    }
}

private extension String {
    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
