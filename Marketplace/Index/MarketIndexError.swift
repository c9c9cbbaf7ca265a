import AIPConfig

/// Why an index could not be used. `source` names where it came from (a URL or a file), and each
/// problem names the field (`packages.greeter.versions.1.0.0.sha256`) and, when known, its line.
public struct MarketIndexError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let location: SourceLocation?
        public let reason: String

        public var description: String {
            let place = location.map { "\($0.line):\($0.column): " } ?? ""
            return place + (field.isEmpty ? reason : "\(field): \(reason)")
        }
    }

    public let source: String
    public let problems: [Problem]

    public init(source: String, problems: [Problem]) {
        self.source = source
        self.problems = problems
    }

    init(source: String, reason: String) {
        self.init(source: source, problems: [Problem(field: "", location: nil, reason: reason)])
    }

    public var description: String {
        if problems.count == 1, let only = problems.first {
            return "\(source): \(only)"
        }
        return "\(source) has \(problems.count) problems:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
