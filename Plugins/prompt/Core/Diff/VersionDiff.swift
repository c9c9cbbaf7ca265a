/// What changed between two versions of a prompt.
public struct VersionDiff: Encodable, Sendable {
    public struct VariableChange: Codable, Sendable, Hashable {
        public let name: String
        /// `added`, `removed` or `changed`.
        public let change: String
        public let from: ResolvedVariable?
        public let to: ResolvedVariable?
    }

    public struct ValueChange: Codable, Sendable, Hashable {
        public let key: String
        public let from: JSONValue?
        public let to: JSONValue?
    }

    public let name: String
    public let from: Int
    public let to: Int
    public let kindFrom: String
    public let kindTo: String
    /// Unified diff of the template (chat messages appear as `[role]` lines before their content);
    /// empty when the templates are equal.
    public let template: String
    public let linesAdded: Int
    public let linesRemoved: Int
    public let variables: [VariableChange]
    public let modelParameters: [ValueChange]
    public let responseFormatChanged: Bool
    public let commitMessageFrom: String
    public let commitMessageTo: String

    /// True when the two versions have the same content.
    public var identical: Bool {
        template.isEmpty && kindFrom == kindTo && variables.isEmpty && modelParameters.isEmpty && !responseFormatChanged
    }

    enum CodingKeys: String, CodingKey {
        case name, from, to, kindFrom = "kind_from", kindTo = "kind_to", template, linesAdded = "lines_added"
        case linesRemoved = "lines_removed", variables, modelParameters = "model_parameters"
        case responseFormatChanged = "response_format_changed", commitMessageFrom = "commit_message_from"
        case commitMessageTo = "commit_message_to", identical
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(identical, forKey: .identical)
        try container.encode(kindFrom, forKey: .kindFrom)
        try container.encode(kindTo, forKey: .kindTo)
        try container.encode(template, forKey: .template)
        try container.encode(linesAdded, forKey: .linesAdded)
        try container.encode(linesRemoved, forKey: .linesRemoved)
        try container.encode(variables, forKey: .variables)
        try container.encode(modelParameters, forKey: .modelParameters)
        try container.encode(responseFormatChanged, forKey: .responseFormatChanged)
        try container.encode(commitMessageFrom, forKey: .commitMessageFrom)
        try container.encode(commitMessageTo, forKey: .commitMessageTo)
    }

    init(_ old: PromptVersion, _ new: PromptVersion) {
        name = new.name
        from = old.version
        to = new.version
        kindFrom = old.kind
        kindTo = new.kind
        let edits = LineDiff.edits(old.template.diffLines, new.template.diffLines)
        template = LineDiff.unified(edits, fromLabel: "\(old.name)@\(old.version)", toLabel: "\(new.name)@\(new.version)")
        linesAdded = edits.filter { if case .insert = $0 { true } else { false } }.count
        linesRemoved = edits.filter { if case .delete = $0 { true } else { false } }.count

        let oldVariables = Dictionary(old.variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newVariables = Dictionary(new.variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        variables = Set(oldVariables.keys).union(newVariables.keys).sorted().compactMap { name in
            switch (oldVariables[name], newVariables[name]) {
            case (nil, let added?): VariableChange(name: name, change: "added", from: nil, to: added)
            case (let removed?, nil): VariableChange(name: name, change: "removed", from: removed, to: nil)
            case (let before?, let after?) where before != after: VariableChange(name: name, change: "changed", from: before, to: after)
            default: nil
            }
        }
        let oldParameters = old.modelParameters.values
        let newParameters = new.modelParameters.values
        modelParameters = Set(oldParameters.keys).union(newParameters.keys).sorted().compactMap { key in
            oldParameters[key] == newParameters[key] ? nil : ValueChange(key: key, from: oldParameters[key], to: newParameters[key])
        }
        responseFormatChanged = old.responseFormat != new.responseFormat
        commitMessageFrom = old.commitMessage
        commitMessageTo = new.commitMessage
    }
}

extension PromptRegistry {
    /// The differences between two versions, each chosen by number, alias or `latest`.
    public func diff(name: String, from: VersionSelector, to: VersionSelector, key: String? = nil) throws -> VersionDiff {
        let (old, new) = try database.read { db in
            let promptID = try self.promptID(db, name)
            let oldNumber = try self.resolve(db, promptID: promptID, name: name, from, key: key)
            let newNumber = try self.resolve(db, promptID: promptID, name: name, to, key: key)
            return (try self.loadVersion(db, promptID: promptID, name: name, number: oldNumber),
                    try self.loadVersion(db, promptID: promptID, name: name, number: newNumber))
        }
        return VersionDiff(old, new)
    }
}
