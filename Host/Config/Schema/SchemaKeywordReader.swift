/// Reads keyword values of one schema object, rejecting wrong-typed ones with an error that names
/// the keyword and where it is.
struct SchemaKeywordReader {
    let members: [String: JSONValue]
    let pointer: String

    func failure(_ keyword: String, _ message: String) -> JSONSchemaError {
        JSONSchemaError(schemaPath: pointer, keyword: keyword, message: message)
    }

    func boolean(_ keyword: String) throws(JSONSchemaError) -> Bool? {
        guard let value = members[keyword] else { return nil }
        guard let flag = value.boolValue else { throw failure(keyword, "must be a boolean, got \(value.typeName)") }
        return flag
    }

    func string(_ keyword: String) throws(JSONSchemaError) -> String? {
        guard let value = members[keyword] else { return nil }
        guard let text = value.stringValue else { throw failure(keyword, "must be a string, got \(value.typeName)") }
        return text
    }

    func number(_ keyword: String) throws(JSONSchemaError) -> JSONNumber? {
        guard let value = members[keyword] else { return nil }
        guard let number = JSONNumber(value) else { throw failure(keyword, "must be a number, got \(value.typeName)") }
        return number
    }

    /// Counts such as "minLength"; integral doubles like `2.0` are accepted as JSON Schema allows.
    func count(_ keyword: String) throws(JSONSchemaError) -> Int? {
        guard let value = members[keyword] else { return nil }
        guard let number = value.int64Value, number >= 0, let count = Int(exactly: number) else {
            throw failure(keyword, "must be a non-negative integer, got \(describe(value))")
        }
        return count
    }

    func stringArray(_ keyword: String) throws(JSONSchemaError) -> [String]? {
        guard let value = members[keyword] else { return nil }
        guard let elements = value.arrayValue else {
            throw failure(keyword, "must be an array of strings, got \(value.typeName)")
        }
        var strings: [String] = []
        for element in elements {
            guard let text = element.stringValue else {
                throw failure(keyword, "must be an array of strings, but contains \(describe(element))")
            }
            guard !strings.contains(text) else {
                throw failure(keyword, "must not repeat \(JSONValue.string(text).serialized())")
            }
            strings.append(text)
        }
        return strings
    }

    func object(_ keyword: String) throws(JSONSchemaError) -> [String: JSONValue]? {
        guard let value = members[keyword] else { return nil }
        guard let object = value.objectValue else { throw failure(keyword, "must be an object, got \(value.typeName)") }
        return object
    }

    func pattern(_ keyword: String, source: String) throws(JSONSchemaError) -> SchemaPattern {
        guard let pattern = SchemaPattern(source) else {
            throw failure(keyword, "contains an invalid regular expression \(JSONValue.string(source).serialized())")
        }
        return pattern
    }

    /// Names the type, plus the value for numbers, where "got number" alone would puzzle.
    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .int, .double: return "\(value.typeName) \(value.serialized())"
        default: return value.typeName
        }
    }
}
