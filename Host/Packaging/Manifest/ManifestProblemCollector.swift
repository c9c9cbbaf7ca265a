import AIPConfig

/// Gathers every problem of a parsed manifest: schema violations plus the semantic checks, with
/// each one's field and location. Where both report on the same field, the semantic explanation
/// wins because it is more specific ("'1.0' is not a semantic version: expected MAJOR.MINOR.PATCH"
/// rather than "does not match the pattern").
struct ManifestProblemCollector {
    let document: JSONValue
    let locations: [String: SourceLocation]

    func problems() -> [ManifestError.Problem] {
        let semantic = ManifestSemanticChecks(document: document).findings()
        let explained = Set(semantic.map(\.field))
        let structural = ManifestSchema.compiled.validate(document).map(Self.namingMissingField)
            .filter { !explained.contains($0.field) }
        return (structural + semantic)
            .map { ManifestError.Problem(field: $0.field, location: location(of: $0.field), reason: $0.reason) }
            .sorted(by: Self.inFileOrder)
    }

    /// A missing property is reported by the schema on its parent object; name the property itself,
    /// since that is what the author has to add.
    private static func namingMissingField(_ violation: SchemaViolation) -> ManifestFinding {
        let prefix = "missing required property "
        if violation.message.hasPrefix(prefix),
           let name = try? JSONParser.parse(String(violation.message.dropFirst(prefix.count))).stringValue {
            return ManifestFinding(field: ManifestFinding.member(name, of: violation.path), reason: "is required but missing")
        }
        return ManifestFinding(field: violation.path, reason: violation.message)
    }

    /// The field's own location, or the nearest enclosing value's (a missing field has none).
    private func location(of field: String) -> SourceLocation? {
        var path = field
        while true {
            if let found = locations[path] { return found }
            guard let separator = path.lastIndex(where: { $0 == "." || $0 == "[" }) else {
                return path.isEmpty ? nil : locations[""]
            }
            path = String(path[..<separator])
        }
    }

    private static func inFileOrder(_ lhs: ManifestError.Problem, _ rhs: ManifestError.Problem) -> Bool {
        let left = lhs.location ?? SourceLocation(line: 0, column: 0)
        let right = rhs.location ?? SourceLocation(line: 0, column: 0)
        if left.line != right.line { return left.line < right.line }
        if left.column != right.column { return left.column < right.column }
        return lhs.field < rhs.field
    }
}

/// A problem before it is given a location.
struct ManifestFinding: Equatable {
    let field: String
    let reason: String

    /// Paths spelled like the parser's locations and the schema's violations.
    static func member(_ key: String, of parent: String) -> String {
        parent.isEmpty ? key : parent + "." + key
    }

    static func element(_ index: Int, of parent: String) -> String {
        "\(parent)[\(index)]"
    }
}
