/// What a version says about one of its variables. A placeholder without a spec is required and
/// has no default; a spec with a default makes the variable optional.
public struct VariableSpec: Codable, Sendable, Hashable {
    public var name: String
    public var required: Bool?
    public var defaultValue: String?
    public var description: String?

    public init(name: String, required: Bool? = nil, defaultValue: String? = nil, description: String? = nil) {
        self.name = name
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, required, defaultValue = "default", description
    }
}

/// A variable as rendering sees it: every placeholder, with the spec applied.
public struct ResolvedVariable: Codable, Sendable, Hashable {
    public let name: String
    public let required: Bool
    public let defaultValue: String?
    public let description: String?

    enum CodingKeys: String, CodingKey {
        case name, required, defaultValue = "default", description
    }

    /// Joins the placeholders found in the template with the declared specs; a spec for a name
    /// the template never uses, a duplicate spec, or a required variable with a default is refused.
    static func resolve(placeholders: [String], specs: [VariableSpec]) throws -> [ResolvedVariable] {
        var byName: [String: VariableSpec] = [:]
        let known = Set(placeholders)
        for (index, spec) in specs.enumerated() {
            let field = "variables[\(index)]"
            guard byName[spec.name] == nil else { throw PromptError.invalid("\(field): variable '\(spec.name)' is declared twice") }
            guard known.contains(spec.name) else {
                let list = placeholders.isEmpty ? "none" : placeholders.joined(separator: ", ")
                throw PromptError.invalid("\(field): variable '\(spec.name)' does not appear in the template (placeholders: \(list))")
            }
            if spec.required == true, spec.defaultValue != nil {
                throw PromptError.invalid("\(field): variable '\(spec.name)' cannot be required and have a default")
            }
            byName[spec.name] = spec
        }
        return placeholders.map { name in
            let spec = byName[name]
            let required = spec?.required ?? (spec?.defaultValue == nil)
            return ResolvedVariable(name: name, required: required, defaultValue: spec?.defaultValue, description: spec?.description)
        }
    }
}
