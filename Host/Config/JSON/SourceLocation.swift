/// A position in a text file. Both numbers are 1-based; columns count Unicode scalars, so a line
/// of "é" followed by a value reports the value at column 2, as an editor would.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(line):\(column)"
    }
}
