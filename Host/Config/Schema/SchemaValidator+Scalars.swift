extension SchemaValidator {
    func checkNumber(_ number: JSONNumber, _ keywords: SchemaKeywords, at path: String,
                     into violations: inout [SchemaViolation]) {
        func fail(_ requirement: String) {
            violations.append(SchemaViolation(path: path, message: "expected \(requirement), got \(number)"))
        }
        if let minimum = keywords.minimum, number < minimum { fail("a value >= \(minimum)") }
        if let maximum = keywords.maximum, number > maximum { fail("a value <= \(maximum)") }
        if let bound = keywords.exclusiveMinimum, number <= bound { fail("a value > \(bound)") }
        if let bound = keywords.exclusiveMaximum, number >= bound { fail("a value < \(bound)") }
        if let step = keywords.multipleOf, !number.isMultiple(of: step) { fail("a multiple of \(step)") }
    }

    /// Lengths count Unicode scalars (JSON Schema's "characters"), not bytes or grapheme clusters.
    func checkString(_ text: String, _ keywords: SchemaKeywords, at path: String,
                     into violations: inout [SchemaViolation]) {
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = text.unicodeScalars.count
            let got = SchemaWording.count(length, "character", "characters")
            if let minimum = keywords.minLength, length < minimum {
                violations.append(SchemaViolation(
                    path: path, message: "expected at least \(SchemaWording.count(minimum, "character", "characters")), got \(got)"))
            }
            if let maximum = keywords.maxLength, length > maximum {
                violations.append(SchemaViolation(
                    path: path, message: "expected at most \(SchemaWording.count(maximum, "character", "characters")), got \(got)"))
            }
        }
        if let pattern = keywords.pattern, !pattern.matches(text) {
            violations.append(SchemaViolation(
                path: path,
                message: "\(SchemaWording.quote(.string(text))) does not match the pattern \(JSONValue.string(pattern.source).serialized())"))
        }
    }
}
