/// Turns schema JSON into `SchemaNode`s, rejecting anything the validator could not honour.
struct SchemaCompiler {
    /// Every compiled subschema keyed by its JSON Pointer, which is what local `$ref`s resolve to.
    private(set) var subschemas: [String: SchemaNode] = [:]
    private var references: [(target: String, from: String)] = []

    /// Keywords whose meaning this validator does not implement. Ignoring them would silently
    /// accept values the schema author meant to reject, so they are refused instead.
    private static let unsupportedKeywords: Set<String> = [
        "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "dependencies",
    ]

    mutating func compile(_ schema: JSONValue, at pointer: String) throws(JSONSchemaError) -> SchemaNode {
        let node: SchemaNode
        switch schema {
        case .bool(let verdict):
            node = .boolean(verdict)
        case .object(let members):
            node = .keywords(try compileKeywords(SchemaKeywordReader(members: members, pointer: pointer)))
        default:
            throw JSONSchemaError(schemaPath: pointer, keyword: nil,
                                  message: "a schema must be an object or a boolean, got \(schema.typeName)")
        }
        subschemas[pointer] = node
        return node
    }

    /// Fails on the first `$ref` that names no subschema; call once the whole document is compiled.
    func checkReferences() throws(JSONSchemaError) {
        for reference in references where subschemas[reference.target] == nil {
            throw JSONSchemaError(schemaPath: reference.from, keyword: "$ref",
                                  message: "points to \(reference.target), which is not a schema in this document")
        }
    }

    private mutating func compileKeywords(_ reader: SchemaKeywordReader) throws(JSONSchemaError) -> SchemaKeywords {
        if let keyword = reader.members.keys.sorted().first(where: Self.unsupportedKeywords.contains) {
            throw reader.failure(keyword, "is not supported by this validator")
        }
        var keywords = SchemaKeywords()
        keywords.reference = try reference(reader)
        try compileGeneric(reader, into: &keywords)
        try compileNumeric(reader, into: &keywords)
        try compileString(reader, into: &keywords)
        try compileArray(reader, into: &keywords)
        try compileObject(reader, into: &keywords)
        try compileCombinators(reader, into: &keywords)
        try compileDefinitions(reader)
        return keywords
    }

    private mutating func reference(_ reader: SchemaKeywordReader) throws(JSONSchemaError) -> String? {
        guard let written = try reader.string("$ref") else { return nil }
        guard let target = SchemaPointer.localTarget(of: written) else {
            throw reader.failure("$ref", "must be a local reference such as \"#/$defs/name\", got \(JSONValue.string(written).serialized())")
        }
        references.append((target, reader.pointer))
        return target
    }

    private func compileGeneric(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.types = try types(reader)
        if let values = reader.members["enum"] {
            guard let elements = values.arrayValue else {
                throw reader.failure("enum", "must be an array, got \(values.typeName)")
            }
            keywords.allowedValues = elements.map(\.schemaEqualityForm)
        }
        keywords.constant = reader.members["const"]?.schemaEqualityForm
        keywords.defaultValue = reader.members["default"]
        // "format" is an annotation here, but a non-string value is still a schema mistake.
        _ = try reader.string("format")
    }

    private func types(_ reader: SchemaKeywordReader) throws(JSONSchemaError) -> [SchemaType]? {
        guard let value = reader.members["type"] else { return nil }
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let elements) where !elements.isEmpty: names = elements
        default: throw reader.failure("type", "must be a type name or a non-empty array of type names, got \(value.typeName)")
        }
        var types: [SchemaType] = []
        for name in names {
            guard let text = name.stringValue else {
                throw reader.failure("type", "must contain only type names, but contains \(name.typeName)")
            }
            guard let type = SchemaType(rawValue: text) else {
                let known = SchemaType.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.failure("type", "names unknown type \(name.serialized()) (known types: \(known))")
            }
            guard !types.contains(type) else { throw reader.failure("type", "must not repeat \(name.serialized())") }
            types.append(type)
        }
        return types
    }

    private func compileNumeric(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.minimum = try reader.number("minimum")
        keywords.maximum = try reader.number("maximum")
        keywords.exclusiveMinimum = try reader.number("exclusiveMinimum")
        keywords.exclusiveMaximum = try reader.number("exclusiveMaximum")
        if let step = try reader.number("multipleOf") {
            guard step.doubleValue > 0 else { throw reader.failure("multipleOf", "must be greater than 0, got \(step)") }
            keywords.multipleOf = step
        }
    }

    private func compileString(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.minLength = try reader.count("minLength")
        keywords.maxLength = try reader.count("maxLength")
        if let source = try reader.string("pattern") {
            keywords.pattern = try reader.pattern("pattern", source: source)
        }
    }

    private mutating func compileArray(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.prefixItems = try subschemaList("prefixItems", reader) ?? []
        if let items = reader.members["items"], items.arrayValue != nil {
            throw reader.failure("items", "must be a schema (use \"prefixItems\" for per-position schemas), got array")
        }
        keywords.items = try subschema("items", reader)
        keywords.contains = try subschema("contains", reader)
        keywords.minContains = try reader.count("minContains")
        keywords.maxContains = try reader.count("maxContains")
        keywords.minItems = try reader.count("minItems")
        keywords.maxItems = try reader.count("maxItems")
        keywords.uniqueItems = try reader.boolean("uniqueItems") ?? false
    }

    private mutating func compileObject(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.properties = try subschemaMap("properties", reader) ?? [:]
        if let patterned = try reader.object("patternProperties") {
            for source in patterned.keys.sorted() {
                let pattern = try reader.pattern("patternProperties", source: source)
                let pointer = SchemaPointer.child(SchemaPointer.child(reader.pointer, "patternProperties"), source)
                keywords.patternProperties.append((pattern, try compile(patterned[source] ?? true, at: pointer)))
            }
        }
        keywords.additionalProperties = try subschema("additionalProperties", reader)
        keywords.propertyNames = try subschema("propertyNames", reader)
        keywords.required = try reader.stringArray("required") ?? []
        if let dependencies = try reader.object("dependentRequired") {
            for (property, value) in dependencies {
                let nested = SchemaKeywordReader(members: [property: value], pointer: reader.pointer)
                guard let needed = try? nested.stringArray(property) else {
                    throw reader.failure("dependentRequired", "must map each property to an array of property names")
                }
                keywords.dependentRequired[property] = needed
            }
        }
        keywords.dependentSchemas = try subschemaMap("dependentSchemas", reader) ?? [:]
        keywords.minProperties = try reader.count("minProperties")
        keywords.maxProperties = try reader.count("maxProperties")
    }

    private mutating func compileCombinators(_ reader: SchemaKeywordReader, into keywords: inout SchemaKeywords) throws(JSONSchemaError) {
        keywords.allOf = try subschemaList("allOf", reader) ?? []
        keywords.anyOf = try subschemaList("anyOf", reader) ?? []
        keywords.oneOf = try subschemaList("oneOf", reader) ?? []
        keywords.not = try subschema("not", reader)
        keywords.ifSchema = try subschema("if", reader)
        keywords.thenSchema = try subschema("then", reader)
        keywords.elseSchema = try subschema("else", reader)
    }

    /// "$defs" (and its draft-07 spelling "definitions") hold schemas reachable only through
    /// `$ref`; compiling them registers their pointers and checks them even when unused.
    private mutating func compileDefinitions(_ reader: SchemaKeywordReader) throws(JSONSchemaError) {
        for keyword in ["$defs", "definitions"] {
            _ = try subschemaMap(keyword, reader)
        }
    }

    private mutating func subschema(_ keyword: String, _ reader: SchemaKeywordReader) throws(JSONSchemaError) -> SchemaNode? {
        guard let value = reader.members[keyword] else { return nil }
        return try compile(value, at: SchemaPointer.child(reader.pointer, keyword))
    }

    private mutating func subschemaList(_ keyword: String, _ reader: SchemaKeywordReader) throws(JSONSchemaError) -> [SchemaNode]? {
        guard let value = reader.members[keyword] else { return nil }
        guard let elements = value.arrayValue, !elements.isEmpty else {
            let found = value.arrayValue == nil ? value.typeName : "an empty array"
            throw reader.failure(keyword, "must be a non-empty array of schemas, got \(found)")
        }
        var nodes: [SchemaNode] = []
        for (index, element) in elements.enumerated() {
            nodes.append(try compile(element, at: SchemaPointer.child(reader.pointer, keyword, index)))
        }
        return nodes
    }

    private mutating func subschemaMap(_ keyword: String, _ reader: SchemaKeywordReader) throws(JSONSchemaError) -> [String: SchemaNode]? {
        guard let object = try reader.object(keyword) else { return nil }
        var nodes: [String: SchemaNode] = [:]
        for name in object.keys.sorted() {
            let pointer = SchemaPointer.child(SchemaPointer.child(reader.pointer, keyword), name)
            nodes[name] = try compile(object[name] ?? true, at: pointer)
        }
        return nodes
    }
}
