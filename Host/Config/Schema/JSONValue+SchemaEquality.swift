extension JSONValue {
    /// The value in a canonical form for JSON Schema equality ("enum", "const", "uniqueItems"),
    /// where numbers are equal when mathematically equal: integral doubles become `.int`, so two
    /// values are schema-equal exactly when their canonical forms are `==` (and hash alike).
    var schemaEqualityForm: JSONValue {
        switch self {
        case .double(let number):
            if let integer = Int64(exactly: number) { return .int(integer) }
            return self
        case .array(let elements):
            return .array(elements.map(\.schemaEqualityForm))
        case .object(let members):
            return .object(members.mapValues(\.schemaEqualityForm))
        default:
            return self
        }
    }
}
