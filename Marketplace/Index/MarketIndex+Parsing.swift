import AIPConfig
import AIPVersioning

extension MarketIndex {
    /// Reads index bytes: strict JSON, then the index schema, then the meaning of each field
    /// (versions, ranges and time stamps must parse). Every problem is reported at once, each with
    /// its field and line:column. `source` names the bytes in errors (the URL or file).
    public static func parse(_ bytes: [UInt8], source: String) throws(MarketIndexError) -> MarketIndex {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MarketIndexError(source: source, reason: "is not valid UTF-8 text")
        }
        let document: JSONValue
        let locations: [String: SourceLocation]
        do {
            (document, locations) = try JSONParser.parseWithLocations(text, source: source)
        } catch {
            throw MarketIndexError(source: source, problems: [.init(field: "", location: error.location,
                                                                     reason: "invalid JSON: \(error.message)")])
        }
        func located(_ field: String, _ reason: String) -> MarketIndexError.Problem {
            var path = field
            while locations[path] == nil, let separator = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
                path = String(path[..<separator])
            }
            return .init(field: field, location: locations[path] ?? locations[""], reason: reason)
        }
        let violations = IndexSchema.compiled.validate(document)
        guard violations.isEmpty else {
            throw MarketIndexError(source: source, problems: violations.map { located($0.path, $0.message) })
        }
        var reader = IndexReader()
        let index = reader.read(document)
        guard reader.problems.isEmpty, let index else {
            throw MarketIndexError(source: source, problems: reader.problems.map { located($0.field, $0.reason) })
        }
        return index
    }
}

/// Builds the model from a document that already passed the schema, collecting what the schema
/// cannot say: that versions, ranges and time stamps parse.
private struct IndexReader {
    var problems: [(field: String, reason: String)] = []

    mutating func read(_ document: JSONValue) -> MarketIndex? {
        let generated = timestamp(document["generated"], at: "generated")
        let expires = timestamp(document["expires"], at: "expires")
        if let generated, let expires, expires.date <= generated.date {
            problems.append(("expires", "must be later than generated (\(generated.text))"))
        }
        var packages: [String: MarketIndex.Package] = [:]
        for (name, value) in document["packages"]?.objectValue ?? [:] {
            packages[name] = package(value, at: "packages." + name)
        }
        guard let generated, let expires else { return nil }
        return MarketIndex(name: document["name"]?.stringValue ?? "", version: document["version"]?.int64Value ?? 0,
                           generated: generated.text, expires: expires.text, packages: packages)
    }

    private mutating func package(_ value: JSONValue, at path: String) -> MarketIndex.Package {
        var versions: [SemanticVersion: MarketIndex.Release] = [:]
        for (text, release) in value["versions"]?.objectValue ?? [:] {
            let field = path + ".versions." + text
            guard let version = try? SemanticVersion(parsing: text) else {
                problems.append((field, "\(text) is not a semantic version"))
                continue
            }
            if let release = self.release(release, at: field) { versions[version] = release }
        }
        return MarketIndex.Package(description: value["description"]?.stringValue ?? "",
                                   license: value["license"]?.stringValue ?? "",
                                   homepage: value["homepage"]?.stringValue, versions: versions)
    }

    private mutating func release(_ value: JSONValue, at path: String) -> MarketIndex.Release? {
        let abi = range(value["abi"], at: path + ".abi")
        let host = range(value["host"], at: path + ".host")
        var requires: [MarketIndex.Dependency] = []
        for (offset, requirement) in (value["requires"]?.arrayValue ?? []).enumerated() {
            let name = requirement["name"]?.stringValue ?? ""
            if let range = range(requirement["range"], at: "\(path).requires[\(offset)].range") {
                requires.append(MarketIndex.Dependency(name: name, range: range))
            }
        }
        if let published = value["published"] { _ = timestamp(published, at: path + ".published") }
        guard let abi, let host else { return nil }
        return MarketIndex.Release(
            archive: value["archive"]?.stringValue ?? "", sha256: value["sha256"]?.stringValue ?? "",
            size: value["size"]?.int64Value ?? 0, abi: abi, host: host,
            platform: value["platform"]?.stringValue ?? "", swiftToolchain: value["swift_toolchain"]?.stringValue,
            requires: requires, provides: (value["provides"]?.arrayValue ?? []).compactMap(\.stringValue),
            description: value["description"]?.stringValue, published: value["published"]?.stringValue,
            yanked: value["yanked"]?.boolValue ?? false, yankReason: value["yank_reason"]?.stringValue)
    }

    private mutating func range(_ value: JSONValue?, at path: String) -> VersionRange? {
        let text = value?.stringValue ?? ""
        do {
            return try VersionRange(parsing: text)
        } catch {
            problems.append((path, "\(JSONValue.string(text).serialized()) is not a version range: \(error)"))
            return nil
        }
    }

    private mutating func timestamp(_ value: JSONValue?, at path: String) -> (text: String, date: Timestamp)? {
        let text = value?.stringValue ?? ""
        guard let date = Timestamp(rfc3339: text) else {
            problems.append((path, "\(JSONValue.string(text).serialized()) is not a valid UTC time stamp"))
            return nil
        }
        return (text, date)
    }
}
