import AIPConfig

/// Why a `plugin.json` could not be used. It lists every problem found, each with the field it
/// concerns and, when known, where that field is in the file, so an author fixes them all in one pass.
public struct ManifestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One thing wrong with one field.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Dotted path of the field (`provides[1].version`); "" for the document as a whole.
        public let field: String
        /// Where the field's value starts; nil when the field is missing or the file is unreadable.
        public let location: SourceLocation?
        public let reason: String

        public init(field: String, location: SourceLocation?, reason: String) {
            self.field = field
            self.location = location
            self.reason = reason
        }

        public var description: String {
            "\(field.isEmpty ? "(top level)" : field): \(reason)"
        }
    }

    /// The manifest file as the caller named it.
    public let file: String
    /// Never empty.
    public let problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    init(file: String, field: String, location: SourceLocation? = nil, reason: String) {
        self.init(file: file, problems: [Problem(field: field, location: location, reason: reason)])
    }

    /// One line per problem in the compiler-style `file:line:column: field: reason` form, so
    /// editors and terminals can jump to each one.
    public var lines: [String] {
        problems.map { problem in
            let position = problem.location.map { ":\($0.line):\($0.column)" } ?? ""
            return "\(file)\(position): \(problem)"
        }
    }

    public var description: String {
        lines.joined(separator: "\n")
    }
}
