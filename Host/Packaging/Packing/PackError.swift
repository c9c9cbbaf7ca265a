/// Why a plugin was not packed. `problems` lists everything to fix, each a full sentence.
public struct PackError: Error, CustomStringConvertible, Sendable, Equatable {
    public let directory: String
    public let problems: [String]

    public init(directory: String, problems: [String]) {
        self.directory = directory
        self.problems = problems
    }

    public var description: String {
        "refusing to pack \(directory):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
