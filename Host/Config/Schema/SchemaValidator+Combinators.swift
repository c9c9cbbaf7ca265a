extension SchemaValidator {
    mutating func checkCombinators(_ value: JSONValue, _ keywords: SchemaKeywords, at path: String,
                                   into violations: inout [SchemaViolation]) {
        for schema in keywords.allOf {
            check(value, against: schema, at: path, into: &violations)
        }
        if !keywords.anyOf.isEmpty {
            let outcomes = keywords.anyOf.map { violationsOf(value, against: $0, at: path) }
            if !outcomes.contains(where: \.isEmpty) {
                violations.append(noAlternativeMatched("anyOf", outcomes, at: path))
            }
        }
        if !keywords.oneOf.isEmpty {
            checkOneOf(value, keywords.oneOf, at: path, into: &violations)
        }
        if let forbidden = keywords.not, conforms(value, to: forbidden, at: path) {
            violations.append(SchemaViolation(path: path, message: "must not match the schema in \"not\""))
        }
        if let condition = keywords.ifSchema {
            let branch = conforms(value, to: condition, at: path) ? keywords.thenSchema : keywords.elseSchema
            if let branch { check(value, against: branch, at: path, into: &violations) }
        }
    }

    private mutating func checkOneOf(_ value: JSONValue, _ alternatives: [SchemaNode], at path: String,
                                     into violations: inout [SchemaViolation]) {
        let outcomes = alternatives.map { violationsOf(value, against: $0, at: path) }
        let matching = outcomes.indices.filter { outcomes[$0].isEmpty }
        if matching.isEmpty {
            violations.append(noAlternativeMatched("oneOf", outcomes, at: path))
        } else if matching.count > 1 {
            let indices = SchemaWording.all(matching.map { "[\($0)]" })
            violations.append(SchemaViolation(
                path: path, message: "matches \(matching.count) alternatives in oneOf (\(indices)), expected exactly one"))
        }
    }

    /// Summarises why each alternative failed (its first violation), since the user needs to know
    /// which alternative they were closest to.
    private func noAlternativeMatched(_ keyword: String, _ outcomes: [[SchemaViolation]], at path: String) -> SchemaViolation {
        let reasons = outcomes.enumerated().map { index, failures -> String in
            guard let first = failures.first else { return "[\(index)] matched" }
            var reason = "[\(index)] " + (first.path == path ? first.message : first.description)
            if failures.count > 1 { reason += " (and \(failures.count - 1) more)" }
            return reason
        }
        return SchemaViolation(
            path: path, message: "does not match any alternative in \(keyword): \(reasons.joined(separator: "; "))")
    }
}
