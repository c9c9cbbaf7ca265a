/// Walks a value and a compiled schema together, collecting violations.
struct SchemaValidator {
    let subschemas: [String: SchemaNode]
    /// `$ref`s currently being followed, keyed with the instance path. Reaching the same pair again
    /// means the references loop without descending into the value, which would never terminate.
    private var activeReferences: Set<String> = []

    init(subschemas: [String: SchemaNode]) {
        self.subschemas = subschemas
    }

    mutating func check(_ value: JSONValue, against node: SchemaNode, at path: String,
                        into violations: inout [SchemaViolation]) {
        switch node {
        case .boolean(true):
            return
        case .boolean(false):
            violations.append(SchemaViolation(path: path, message: "no value is allowed here"))
        case .keywords(let keywords):
            checkKeywords(value, keywords, at: path, into: &violations)
        }
    }

    /// Whether `value` conforms, for keywords that only need a verdict (anyOf, not, if, contains).
    mutating func conforms(_ value: JSONValue, to node: SchemaNode, at path: String) -> Bool {
        violationsOf(value, against: node, at: path).isEmpty
    }

    mutating func violationsOf(_ value: JSONValue, against node: SchemaNode, at path: String) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        check(value, against: node, at: path, into: &violations)
        return violations
    }

    private mutating func checkKeywords(_ value: JSONValue, _ keywords: SchemaKeywords, at path: String,
                                        into violations: inout [SchemaViolation]) {
        if let target = keywords.reference {
            followReference(target, value, at: path, into: &violations)
        }
        checkGeneric(value, keywords, at: path, into: &violations)
        switch value {
        case .int, .double:
            if let number = JSONNumber(value) { checkNumber(number, keywords, at: path, into: &violations) }
        case .string(let text):
            checkString(text, keywords, at: path, into: &violations)
        case .array(let elements):
            checkArray(elements, keywords, at: path, into: &violations)
        case .object(let members):
            checkObject(members, keywords, at: path, into: &violations)
        case .null, .bool:
            break
        }
        checkCombinators(value, keywords, at: path, into: &violations)
    }

    private mutating func followReference(_ target: String, _ value: JSONValue, at path: String,
                                          into violations: inout [SchemaViolation]) {
        // Every target was checked to exist when the schema was compiled.
        guard let node = subschemas[target] else { return }
        let key = target + "\u{0}" + path
        guard activeReferences.insert(key).inserted else {
            violations.append(SchemaViolation(path: path, message: "$ref \(target) loops back to itself"))
            return
        }
        check(value, against: node, at: path, into: &violations)
        activeReferences.remove(key)
    }

    private func checkGeneric(_ value: JSONValue, _ keywords: SchemaKeywords, at path: String,
                              into violations: inout [SchemaViolation]) {
        if let types = keywords.types, !types.contains(where: { $0.matches(value) }) {
            let expected = SchemaWording.alternatives(types.map(\.rawValue))
            violations.append(SchemaViolation(path: path, message: "expected \(expected), got \(value.typeName)"))
        }
        if let allowed = keywords.allowedValues, !allowed.contains(value.schemaEqualityForm) {
            let choices = allowed.map(SchemaWording.quote).joined(separator: ", ")
            let expected = allowed.count == 1 ? choices : "one of \(choices)"
            violations.append(SchemaViolation(path: path, message: "expected \(expected), got \(SchemaWording.quote(value))"))
        }
        if let constant = keywords.constant, constant != value.schemaEqualityForm {
            violations.append(SchemaViolation(
                path: path, message: "expected \(SchemaWording.quote(constant)), got \(SchemaWording.quote(value))"))
        }
    }
}
