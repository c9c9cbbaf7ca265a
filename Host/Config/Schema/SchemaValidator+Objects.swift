extension SchemaValidator {
    mutating func checkObject(_ members: [String: JSONValue], _ keywords: SchemaKeywords, at path: String,
                              into violations: inout [SchemaViolation]) {
        checkPropertyCounts(members.count, keywords, at: path, into: &violations)
        // A missing property has no location of its own, so it is reported on the object.
        for name in keywords.required where members[name] == nil {
            violations.append(SchemaViolation(path: path, message: "missing required property \(quoted(name))"))
        }
        for (trigger, needed) in keywords.dependentRequired.sorted(by: { $0.key < $1.key }) where members[trigger] != nil {
            for name in needed where members[name] == nil {
                violations.append(SchemaViolation(
                    path: path, message: "property \(quoted(name)) is required when \(quoted(trigger)) is present"))
            }
        }
        for (trigger, schema) in keywords.dependentSchemas.sorted(by: { $0.key < $1.key }) where members[trigger] != nil {
            check(.object(members), against: schema, at: path, into: &violations)
        }
        // Sorted so violations come out in the same order on every run.
        for name in members.keys.sorted() {
            checkMember(name, members[name] ?? .null, keywords, at: path, into: &violations)
        }
    }

    private func checkPropertyCounts(_ count: Int, _ keywords: SchemaKeywords, at path: String,
                                     into violations: inout [SchemaViolation]) {
        let got = SchemaWording.count(count, "property", "properties")
        if let minimum = keywords.minProperties, count < minimum {
            violations.append(SchemaViolation(
                path: path, message: "expected at least \(SchemaWording.count(minimum, "property", "properties")), got \(got)"))
        }
        if let maximum = keywords.maxProperties, count > maximum {
            violations.append(SchemaViolation(
                path: path, message: "expected at most \(SchemaWording.count(maximum, "property", "properties")), got \(got)"))
        }
    }

    private mutating func checkMember(_ name: String, _ value: JSONValue, _ keywords: SchemaKeywords, at path: String,
                                      into violations: inout [SchemaViolation]) {
        if let namesSchema = keywords.propertyNames {
            for violation in violationsOf(.string(name), against: namesSchema, at: path) {
                violations.append(SchemaViolation(path: path, message: "property name \(quoted(name)): \(violation.message)"))
            }
        }
        let memberPath = JSONPath.member(name, of: path)
        var isDeclared = false
        if let schema = keywords.properties[name] {
            isDeclared = true
            check(value, against: schema, at: memberPath, into: &violations)
        }
        for (pattern, schema) in keywords.patternProperties where pattern.matches(name) {
            isDeclared = true
            check(value, against: schema, at: memberPath, into: &violations)
        }
        guard !isDeclared, let additional = keywords.additionalProperties else { return }
        if case .boolean(false) = additional {
            violations.append(SchemaViolation(path: memberPath, message: unknownPropertyMessage(name, keywords)))
        } else {
            check(value, against: additional, at: memberPath, into: &violations)
        }
    }

    /// Lists the declared names so a typo ("colour" for "color") is obvious from the message alone.
    private func unknownPropertyMessage(_ name: String, _ keywords: SchemaKeywords) -> String {
        let known = keywords.properties.keys.sorted()
        guard !known.isEmpty, known.count <= 20 else { return "unknown property \(quoted(name))" }
        return "unknown property \(quoted(name)) (known properties: \(known.joined(separator: ", ")))"
    }

    private func quoted(_ name: String) -> String {
        JSONValue.string(name).serialized()
    }
}
