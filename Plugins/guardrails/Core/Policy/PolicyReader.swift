import AIPConfig

/// Reads one policy: `{"description": "…", "input": {RULE: SETTINGS}, "output": {…}}`.
enum PolicyReader {
    static func policy(named name: String, _ value: JSONValue, at path: String) throws(GuardrailsError) -> Policy {
        let members = try object(value, at: path)
        try allowKeys(members, ["description", "input", "output"], at: path)
        let input = try rules(members["input"] ?? .object([:]), at: path + ".input")
        let output = try rules(members["output"] ?? .object([:]), at: path + ".output")
        return Policy(name: name, description: members["description"]?.stringValue ?? "", input: input, output: output)
    }

    private static func rules(_ value: JSONValue, at path: String) throws(GuardrailsError) -> [RuleID: RuleSettings] {
        var rules: [RuleID: RuleSettings] = [:]
        for (key, settings) in try object(value, at: path) {
            guard let rule = RuleID(rawValue: key) else {
                throw .invalidConfig(path: "\(path).\(key)", reason: "unknown rule (known: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            rules[rule] = try ruleSettings(rule, settings, at: "\(path).\(key)")
        }
        return rules
    }

    private static func ruleSettings(_ rule: RuleID, _ value: JSONValue, at path: String) throws(GuardrailsError) -> RuleSettings {
        let members = try object(value, at: path)
        var known = ["action", "threshold", "categories"]
        switch rule {
        case .pii, .sensitiveWords, .toxicity, .codeSafety: known.append("redaction")
        default: break
        }
        if rule == .toxicity { known.append("thresholds") }
        if rule == .topics { known.append("topics") }
        if rule == .length { known += ["max_chars", "max_bytes", "max_tokens", "max_lines"] }
        if rule == .json { known += ["schema", "repair"] }
        try allowKeys(members, known, at: path)

        var settings = RuleSettings(action: .warn)
        if let action = members["action"] {
            guard let name = action.stringValue, let parsed = GuardAction(rawValue: name), parsed != .allow else {
                throw .invalidConfig(path: path + ".action", reason: "must be one of block, redact, warn, log")
            }
            settings.action = parsed
        }
        if let threshold = members["threshold"] { settings.threshold = try score(threshold, at: path + ".threshold") }
        if let list = members["categories"] ?? members["topics"] {
            let key = members["categories"] != nil ? "categories" : "topics"
            guard let items = list.arrayValue?.compactMap(\.stringValue), items.count == list.arrayValue?.count else {
                throw .invalidConfig(path: "\(path).\(key)", reason: "must be an array of strings")
            }
            settings.categories = Set(items)
        }
        if let style = members["redaction"] {
            guard let name = style.stringValue, let parsed = RedactionStyle(rawValue: name) else {
                throw .invalidConfig(path: path + ".redaction", reason: "must be one of mask, hash, placeholder")
            }
            settings.redaction = parsed
        }
        for (category, threshold) in try object(members["thresholds"] ?? .object([:]), at: path + ".thresholds") {
            settings.categoryThresholds[category] = try score(threshold, at: "\(path).thresholds.\(category)")
        }
        func limit(_ key: String) throws(GuardrailsError) -> Int? {
            guard let value = members[key] else { return nil }
            return try positive(value, at: "\(path).\(key)")
        }
        settings.limits = LengthLimits(maxCharacters: try limit("max_chars"), maxBytes: try limit("max_bytes"),
                                       maxTokens: try limit("max_tokens"), maxLines: try limit("max_lines"))
        if rule == .length, settings.limits == LengthLimits() {
            throw .invalidConfig(path: path, reason: "the length rule needs at least one of max_chars, max_bytes, max_tokens, max_lines")
        }
        var schema: JSONSchema?
        if let schemaValue = members["schema"] {
            do { schema = try JSONSchema(schemaValue) } catch {
                throw .invalidConfig(path: path + ".schema", reason: error.description)
            }
        }
        settings.json = JSONRuleSettings(schema: schema, repair: try bool(members["repair"], at: path + ".repair") ?? false)
        return settings
    }

    private static func score(_ value: JSONValue, at path: String) throws(GuardrailsError) -> Double {
        guard let number = value.doubleValue, number >= 0, number <= 1 else {
            throw .invalidConfig(path: path, reason: "must be a number between 0 and 1")
        }
        return number
    }
}
