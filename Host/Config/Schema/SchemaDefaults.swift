/// Fills in "default" values for missing object properties, following the same subschemas that
/// validation would (properties, $ref, allOf, items).
struct SchemaDefaults {
    let subschemas: [String: SchemaNode]

    /// Deep enough for any real configuration; it stops a schema whose defaults recursively
    /// contain themselves (a default `{}` for a property referring back to "#") from expanding forever.
    private static let maximumDepth = 64

    func apply(_ node: SchemaNode, to value: JSONValue, depth: Int) -> JSONValue {
        guard depth < Self.maximumDepth, case .keywords(let keywords) = node else { return value }
        var result = value
        if let target = keywords.reference, let referenced = subschemas[target] {
            result = apply(referenced, to: result, depth: depth + 1)
        }
        for schema in keywords.allOf {
            result = apply(schema, to: result, depth: depth + 1)
        }
        switch result {
        case .object(var members):
            for (name, schema) in keywords.properties {
                if let present = members[name] {
                    members[name] = apply(schema, to: present, depth: depth + 1)
                } else if let fallback = defaultValue(of: schema, depth: depth + 1) {
                    members[name] = apply(schema, to: fallback, depth: depth + 1)
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in
                let schema = index < keywords.prefixItems.count ? keywords.prefixItems[index] : keywords.items
                guard let schema else { return element }
                return apply(schema, to: element, depth: depth + 1)
            })
        default:
            return result
        }
    }

    /// The schema's own "default", or the one of the schema its `$ref` points to.
    private func defaultValue(of node: SchemaNode, depth: Int) -> JSONValue? {
        guard depth < Self.maximumDepth, case .keywords(let keywords) = node else { return nil }
        if let value = keywords.defaultValue { return value }
        guard let target = keywords.reference, let referenced = subschemas[target] else { return nil }
        return defaultValue(of: referenced, depth: depth + 1)
    }
}
