/// A compiled JSON Schema (the draft 2020-12 keywords plugin configuration needs).
///
/// Supported: type, enum, const, properties, required, additionalProperties, patternProperties,
/// propertyNames, dependentRequired, dependentSchemas, minProperties, maxProperties, items,
/// prefixItems, contains, minContains, maxContains, minItems, maxItems, uniqueItems, minLength,
/// maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, allOf,
/// anyOf, oneOf, not, if/then/else, local $ref ("#/$defs/name", "#/definitions/name", any local
/// pointer). "format", "default" and other annotations do not affect validation. Keywords that
/// would change the outcome but are not implemented ("unevaluatedProperties" and friends) make
/// `init` throw rather than being silently ignored.
public struct JSONSchema: Sendable {
    let root: SchemaNode
    /// Every subschema by JSON Pointer, for resolving `$ref`.
    let subschemas: [String: SchemaNode]

    /// Compiles `schema`, throwing if it is not an object or boolean, a keyword has a value of the
    /// wrong type, a pattern is not a valid regular expression, or a `$ref` does not resolve.
    public init(_ schema: JSONValue) throws(JSONSchemaError) {
        var compiler = SchemaCompiler()
        root = try compiler.compile(schema, at: SchemaPointer.root)
        try compiler.checkReferences()
        subschemas = compiler.subschemas
    }

    /// Every violation of the schema by `value`; empty when it conforms. Violation paths are
    /// relative to `path`, which names `value` itself.
    public func validate(_ value: JSONValue, path: String = "") -> [SchemaViolation] {
        var validator = SchemaValidator(subschemas: subschemas)
        var violations: [SchemaViolation] = []
        validator.check(value, against: root, at: path, into: &violations)
        return violations
    }

    /// `value` with every missing object property that has a "default" filled in, recursively,
    /// including defaults reached through "$ref", "allOf" and array items. Values already present
    /// are never replaced.
    public func applyingDefaults(to value: JSONValue) -> JSONValue {
        SchemaDefaults(subschemas: subschemas).apply(root, to: value, depth: 0)
    }
}
