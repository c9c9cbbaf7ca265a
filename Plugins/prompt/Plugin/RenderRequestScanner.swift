import AIPluginKit

/// A direct reader for the common shape of a `prompt.render` request: an object with `name`,
/// `version`, `alias`, `key` and a `variables` object whose values are strings or null.
///
/// Rendering a prompt takes about a microsecond; decoding its request through Codable took ten
/// times that (the standard library's keyed-container boxes cast every key list dynamically).
/// Anything this reader does not expect (another value type, an unknown or repeated field,
/// malformed JSON) makes it answer nil, and the caller decodes the request through Codable,
/// which accepts every valid request and reports every error — so this is only a fast path,
/// never a second set of rules.
enum RenderRequestScanner {
    /// Past this many variables the request goes through Codable (the repeat check is quadratic).
    static let maxVariables = 64

    /// The request's fields, in the order of `names`.
    private enum Field: Int {
        case name, alias, key, version, variables
    }

    private static let names = JSONKeyTable(["name", "alias", "key", "version", "variables"])

    static func scan(_ body: UnsafeRawBufferPointer) -> RenderRequest? {
        var reader = JSONPullReader(body)
        guard reader.beginObject() else { return nil }
        var name: String?
        var version: Int?
        var alias: String?
        var key: String?
        var variables: [(key: String, value: String)] = []
        var seen = 0
        while let index = reader.nextKey(in: names) {
            guard let field = Field(rawValue: index), seen & (1 << index) == 0 else { return nil }
            seen |= 1 << index
            switch field {
            case .name: name = reader.string()
            case .alias: alias = reader.string()
            case .key: key = reader.string()
            case .version: version = reader.integer()
            case .variables:
                guard let values = values(&reader) else { return nil }
                variables = values
            }
            if reader.failed { return nil }
        }
        guard reader.atEnd(), let name else { return nil }
        return RenderRequest(name: name, version: version, alias: alias, variables: variables, key: key)
    }

    /// `{"a": "text", "b": null}`: strings kept, nulls left out (the default applies).
    private static func values(_ reader: inout JSONPullReader) -> [(key: String, value: String)]? {
        guard reader.beginObject() else { return nil }
        var result: [(key: String, value: String)] = []
        var seen: [String] = []
        while let name = reader.nextKey() {
            guard !seen.contains(name), seen.count < maxVariables else { return nil }
            seen.append(name)
            if reader.null() { continue }
            guard let value = reader.string() else { return nil }
            result.append((name, value))
        }
        return reader.failed ? nil : result
    }
}
