import AIPConfig
import AIPHost
import Foundation

extension PluginManifest {
    /// Every way this manifest disagrees with the descriptor of its library, one sentence each,
    /// starting with the manifest field concerned. Empty when they agree. The descriptor is the
    /// truth the host loads, so every sentence says what the library declares.
    public func mismatches(with d: PluginDescriptor) -> [String] {
        var found: [String] = []
        func compare(_ field: String, _ ours: String, _ theirs: String) {
            if ours != theirs { found.append("\(field): plugin.json says \(ours) but the library says \(theirs)") }
        }
        compare("name", quoted(name), quoted(d.name))
        compare("version", version, d.version.description)
        compare("abi", abi, "\(d.abiMajor).\(d.abiMinor)")
        compare("language", quoted(language), quoted(d.language))
        if let ours = swiftToolchain, let theirs = d.swiftToolchain { compare("swift_toolchain", ours, theirs) }
        compare("thread_safe", "\(threadSafe)", "\(d.threadSafe)")
        found += providesMismatches(d)
        found += requiresMismatches(d)
        found += topicMismatches("permissions.publish", listed: permissions.publish, declared: d.publishes.map(\.text), verb: "publishes to")
        found += topicMismatches("permissions.subscribe", listed: permissions.subscribe, declared: d.subscribes.map(\.text), verb: "subscribes to")
        found += configSchemaMismatches(d)
        return found
    }

    private func providesMismatches(_ d: PluginDescriptor) -> [String] {
        let declared = Dictionary(d.provides.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [String] = []
        for capability in provides {
            guard let theirs = declared[capability.name] else {
                found.append("provides: plugin.json lists \(capability.name) \(capability.version), which the library does not provide")
                continue
            }
            if capability.version != theirs.version.description {
                found.append("provides: \(capability.name) is version \(capability.version) in plugin.json but \(theirs.version) in the library")
            }
            let ourKind = Self.kind(capability.signature.map(Self.normalisedSignature))
            let theirKind = Self.kind(theirs.signature?.description)
            if ourKind != theirKind {
                found.append("provides: \(capability.name) is \(ourKind) in plugin.json but \(theirKind) in the library")
            }
        }
        let listed = Set(provides.map(\.name))
        for capability in d.provides where !listed.contains(capability.name) {
            found.append("provides: the library provides \(capability.name) \(capability.version) (\(Self.kind(capability.signature?.description))), which plugin.json does not list")
        }
        return found
    }

    private func requiresMismatches(_ d: PluginDescriptor) -> [String] {
        let declared = Dictionary(d.requirements.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [String] = []
        for requirement in requires {
            guard let theirs = declared[requirement.name] else {
                found.append("requires: plugin.json lists \(requirement.name), which the library does not require (calls to it would be refused)")
                continue
            }
            // Ranges are compared as written: the descriptor's text is what the host enforces.
            let ourRange = requirement.range?.trimmingCharacters(in: .whitespaces) ?? "*"
            if ourRange != theirs.rangeText {
                found.append("requires: \(requirement.name) has range \(ourRange) in plugin.json but \(theirs.rangeText) in the library")
            }
            if requirement.optional != theirs.optional {
                found.append("requires: \(requirement.name) is \(requirement.optional ? "optional" : "not optional") in plugin.json but \(theirs.optional ? "optional" : "not optional") in the library")
            }
        }
        let listed = Set(requires.map(\.name))
        for requirement in d.requirements where !listed.contains(requirement.name) {
            found.append("requires: the library requires \(requirement.name) \(requirement.rangeText)\(requirement.optional ? " (optional)" : ""), which plugin.json does not list")
        }
        return found
    }

    private func topicMismatches(_ field: String, listed: [String], declared: [String], verb: String) -> [String] {
        let ours = Set(listed)
        let theirs = Set(declared)
        return listed.filter { !theirs.contains($0) }.map { "\(field): plugin.json lists \($0), which the library does not declare" }
            + declared.filter { !ours.contains($0) }.map { "\(field): the library \(verb) \($0), which plugin.json does not list" }
    }

    private func configSchemaMismatches(_ d: PluginDescriptor) -> [String] {
        let ours = configSchema.flatMap { $0 == .null ? nil : $0 }
        switch (ours, d.configSchema) {
        case (nil, nil):
            return []
        case (nil, _?):
            return ["config_schema: plugin.json has none but the library declares one"]
        case (_?, nil):
            return ["config_schema: plugin.json has one but the library declares none"]
        case let (ours?, text?):
            let theirs: JSONValue
            do { theirs = try JSONParser.parse(text, source: "the library's config_schema") } catch {
                return ["config_schema: the library's config_schema is not valid JSON (\(error.description))"]
            }
            guard JSONComparison.canonical(ours) != JSONComparison.canonical(theirs) else { return [] }
            return ["config_schema: plugin.json says \(ours.serialized()) but the library says \(theirs.serialized())"]
        }
    }

    private static func kind(_ signature: String?) -> String {
        signature.map { "native \($0)" } ?? "a message capability"
    }

    private static func normalisedSignature(_ text: String) -> String {
        (try? NativeSignature(parsing: text))?.description ?? text
    }

    private func quoted(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }
}

/// JSON equality as a schema reader sees it: `1` and `1.0` are the same number.
enum JSONComparison {
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number):
            if let integer = Int64(exactly: number) { return .int(integer) }
            return value
        case .array(let elements):
            return .array(elements.map(canonical))
        case .object(let members):
            return .object(members.mapValues(canonical))
        default:
            return value
        }
    }
}
