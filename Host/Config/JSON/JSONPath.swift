/// Builds the dotted paths used to name values in locations, schema violations and config errors:
/// `plugins.greeter.greeting`, `items[2]`, and "" for the document root.
enum JSONPath {
    static func member(_ key: String, of parent: String) -> String {
        parent.isEmpty ? key : parent + "." + key
    }

    static func element(_ index: Int, of parent: String) -> String {
        parent + "[" + String(index) + "]"
    }
}

extension JSONPath {
    /// The path of the enclosing value, or `nil` for the root. Keys containing "." or "[" make
    /// paths ambiguous; such keys are not expected in configuration and only affect diagnostics.
    static func parent(of path: String) -> String? {
        guard !path.isEmpty else { return nil }
        guard let separator = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return String(path[..<separator])
    }

    /// Whether `path` is `ancestor` itself or lies inside it.
    static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        guard path.hasPrefix(ancestor) else { return false }
        if ancestor.isEmpty || path.count == ancestor.count { return true }
        let next = path[path.index(path.startIndex, offsetBy: ancestor.count)]
        return next == "." || next == "["
    }
}
