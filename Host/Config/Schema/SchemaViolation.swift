/// One way a value fails a schema. `path` is dotted like the parser's locations ("" for the value
/// itself, `greeting`, `servers[1].port`), so callers can map it back to a line and column.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}
