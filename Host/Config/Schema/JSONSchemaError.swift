/// A schema that cannot be used: wrong JSON type, a keyword with a wrong-typed value, a bad regular
/// expression or an unresolvable `$ref`.
public struct JSONSchemaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// JSON Pointer to the offending schema object, e.g. `#/properties/greeting`.
    public var schemaPath: String
    /// The keyword at fault, when one is.
    public var keyword: String?
    public var message: String

    public init(schemaPath: String, keyword: String?, message: String) {
        self.schemaPath = schemaPath
        self.keyword = keyword
        self.message = message
    }

    public var description: String {
        guard let keyword else { return "invalid schema at \(schemaPath): \(message)" }
        return "invalid schema at \(schemaPath): \"\(keyword)\" \(message)"
    }
}
