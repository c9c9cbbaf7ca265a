/// Remembers where each configuration value came from, a line and column in the file or an
/// environment variable, so errors can send the user to the right place.
struct ConfigSourceMap: Sendable {
    var source: String
    /// File positions by dotted path, as recorded by `JSONParser.parseWithLocations`.
    private(set) var locations: [String: SourceLocation]
    /// The environment variable that set a path, for values that did not come from the file.
    private(set) var overrides: [String: String] = [:]

    init(source: String, locations: [String: SourceLocation]) {
        self.source = source
        self.locations = locations
    }

    /// Forgets the file positions of `path` and everything under it, which the variable replaced.
    mutating func recordOverride(of path: String, by variable: String) {
        for stale in locations.keys where JSONPath.isWithin(stale, path) {
            locations[stale] = nil
        }
        overrides[path] = variable
    }

    /// The variable that set `path` or one of its ancestors.
    func overridingVariable(for path: String) -> String? {
        var current: String? = path
        while let candidate = current {
            if let variable = overrides[candidate] { return variable }
            current = JSONPath.parent(of: candidate)
        }
        return nil
    }

    func location(of path: String) -> SourceLocation? {
        locations[path]
    }

    /// An error about the value at `path`, located in the file or attributed to its variable.
    func error(at path: String, _ message: String) -> ConfigError {
        ConfigError(source: source, location: locations[path], path: path, message: message + origin(of: path))
    }

    /// " (set by environment variable X)" for overridden values, otherwise "".
    func origin(of path: String) -> String {
        guard locations[path] == nil, let variable = overridingVariable(for: path) else { return "" }
        return " (set by environment variable \(variable))"
    }
}
