/// Why a registry operation was refused. The message names the prompt, version, field or file and
/// the reason, so a caller can fix the request without reading the source.
public struct PromptError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request is malformed: a bad name, template, variable or parameter.
        case invalidArgument
        /// A prompt, version or alias that does not exist.
        case notFound
        /// The registry's state forbids it: the name exists, an expected version moved on.
        case conflict
        /// The database or a file could not be read or written.
        case storage
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func invalid(_ message: String) -> PromptError { PromptError(.invalidArgument, message) }
    static func notFound(_ message: String) -> PromptError { PromptError(.notFound, message) }
    static func conflict(_ message: String) -> PromptError { PromptError(.conflict, message) }
}
