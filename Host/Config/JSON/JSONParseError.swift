/// A syntax error, located so an editor or terminal can jump straight to it.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The name of the input, usually a file path, used as the first part of the description.
    public var source: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(source: String, line: Int, column: Int, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    public var location: SourceLocation {
        SourceLocation(line: line, column: column)
    }

    /// The conventional compiler-style `file:line:column: message` form.
    public var description: String {
        "\(source):\(line):\(column): \(message)"
    }
}
