extension SchemaValidator {
    mutating func checkArray(_ elements: [JSONValue], _ keywords: SchemaKeywords, at path: String,
                             into violations: inout [SchemaViolation]) {
        let got = SchemaWording.count(elements.count, "item", "items")
        if let minimum = keywords.minItems, elements.count < minimum {
            violations.append(SchemaViolation(
                path: path, message: "expected at least \(SchemaWording.count(minimum, "item", "items")), got \(got)"))
        }
        if let maximum = keywords.maxItems, elements.count > maximum {
            violations.append(SchemaViolation(
                path: path, message: "expected at most \(SchemaWording.count(maximum, "item", "items")), got \(got)"))
        }
        for (index, element) in elements.enumerated() {
            let schema = index < keywords.prefixItems.count ? keywords.prefixItems[index] : keywords.items
            if let schema {
                check(element, against: schema, at: JSONPath.element(index, of: path), into: &violations)
            }
        }
        if let contains = keywords.contains {
            checkContains(elements, contains, keywords, at: path, into: &violations)
        }
        if keywords.uniqueItems {
            checkUnique(elements, at: path, into: &violations)
        }
    }

    private mutating func checkContains(_ elements: [JSONValue], _ schema: SchemaNode, _ keywords: SchemaKeywords,
                                        at path: String, into violations: inout [SchemaViolation]) {
        var matches = 0
        for (index, element) in elements.enumerated()
        where conforms(element, to: schema, at: JSONPath.element(index, of: path)) {
            matches += 1
        }
        let minimum = keywords.minContains ?? 1
        if matches < minimum {
            violations.append(SchemaViolation(
                path: path,
                message: "expected at least \(SchemaWording.count(minimum, "item", "items")) matching \"contains\", found \(matches)"))
        }
        if let maximum = keywords.maxContains, matches > maximum {
            violations.append(SchemaViolation(
                path: path,
                message: "expected at most \(SchemaWording.count(maximum, "item", "items")) matching \"contains\", found \(matches)"))
        }
    }

    /// Hashes the comparison form of each element, so this is linear rather than pairwise.
    private func checkUnique(_ elements: [JSONValue], at path: String, into violations: inout [SchemaViolation]) {
        var firstIndex: [JSONValue: Int] = [:]
        for (index, element) in elements.enumerated() {
            if let earlier = firstIndex.updateValue(index, forKey: element.schemaEqualityForm) {
                violations.append(SchemaViolation(
                    path: path, message: "expected unique items, but items [\(earlier)] and [\(index)] are equal"))
                return
            }
        }
    }
}
