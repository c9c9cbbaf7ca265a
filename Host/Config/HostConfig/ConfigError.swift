/// A problem with the host configuration, phrased for the person editing the file:
/// `/etc/aip/config.json:4:17: plugins.greeter.greeting: expected string, got integer`.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration file (or a placeholder such as "<no config file>").
    public var source: String
    /// Where in the file, when the problem is tied to a value that came from the file.
    public var location: SourceLocation?
    /// Dotted path of the offending value, e.g. `plugins.greeter.greeting`.
    public var path: String?
    public var message: String
    /// One line per problem when several are reported together (schema violations).
    public var details: [String]

    public init(source: String, location: SourceLocation? = nil, path: String? = nil, message: String,
                details: [String] = []) {
        self.source = source
        self.location = location
        self.path = path
        self.message = message
        self.details = details
    }

    public var description: String {
        var head = source
        if let location { head += ":\(location.line):\(location.column)" }
        head += ": "
        if let path, !path.isEmpty { head += path + ": " }
        head += message
        return ([head] + details.map { "  " + $0 }).joined(separator: "\n")
    }
}
