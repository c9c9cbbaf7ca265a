/// A schema compiled from JSON: every keyword checked and converted once, so validation does no
/// parsing and cannot fail on a malformed schema.
indirect enum SchemaNode: Sendable {
    /// `true` (or `{}`) accepts everything; `false` rejects everything.
    case boolean(Bool)
    case keywords(SchemaKeywords)
}

/// The JSON Schema instance types, as spelled in the "type" keyword.
enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, integer, number, string, array, object

    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.string, .string), (.array, .array), (.object, .object):
            return true
        case (.number, .int), (.number, .double), (.integer, .int):
            return true
        case (.integer, .double(let number)):
            // JSON Schema defines integer mathematically, so 2.0 is an integer.
            return number.isFinite && number.rounded(.towardZero) == number
        default:
            return false
        }
    }
}

/// The keywords of one schema object. Absent keywords are `nil` or empty.
struct SchemaKeywords: Sendable {
    /// Pointer key of the `$ref` target in `JSONSchema.subschemas`.
    var reference: String?
    var types: [SchemaType]?
    /// Kept in canonical form (see `JSONValue.schemaEqualityForm`) so matching is a plain `==`.
    var allowedValues: [JSONValue]?
    var constant: JSONValue?
    var defaultValue: JSONValue?

    var minimum: JSONNumber?
    var maximum: JSONNumber?
    var exclusiveMinimum: JSONNumber?
    var exclusiveMaximum: JSONNumber?
    var multipleOf: JSONNumber?

    var minLength: Int?
    var maxLength: Int?
    var pattern: SchemaPattern?

    var prefixItems: [SchemaNode] = []
    var items: SchemaNode?
    var contains: SchemaNode?
    var minContains: Int?
    var maxContains: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    var properties: [String: SchemaNode] = [:]
    var patternProperties: [(pattern: SchemaPattern, schema: SchemaNode)] = []
    var additionalProperties: SchemaNode?
    var propertyNames: SchemaNode?
    var required: [String] = []
    var dependentRequired: [String: [String]] = [:]
    var dependentSchemas: [String: SchemaNode] = [:]
    var minProperties: Int?
    var maxProperties: Int?

    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var ifSchema: SchemaNode?
    var thenSchema: SchemaNode?
    var elseSchema: SchemaNode?
}
