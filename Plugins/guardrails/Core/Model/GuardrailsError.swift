/// Why a check or a configuration was refused. Every case names what is at fault (file and line,
/// config path, policy name, byte offset) so the message can go straight to the caller.
public enum GuardrailsError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidUTF8(byteOffset: Int)
    case inputTooLarge(bytes: Int, limit: Int)
    case unknownPolicy(String, known: [String])
    /// A term list line that cannot be read: `file:line: reason`.
    case malformedTermList(file: String, line: Int, reason: String)
    case unreadableFile(path: String, reason: String)
    /// A configuration value that is wrong: its dotted path and why.
    case invalidConfig(path: String, reason: String)
    case unknownVaultKey
    /// A jailbreak classifier weights file that is missing or unusable: its name and why.
    case invalidClassifier(file: String, reason: String)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            return "text is not valid UTF-8 (first bad byte at offset \(offset))"
        case .inputTooLarge(let bytes, let limit):
            return "text of \(bytes) bytes exceeds max_input_bytes (\(limit))"
        case .unknownPolicy(let name, let known):
            return "unknown policy '\(name)' (known: \(known.sorted().joined(separator: ", ")))"
        case .malformedTermList(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalidConfig(let path, let reason):
            return "\(path): \(reason)"
        case .unknownVaultKey:
            return "unknown or expired vault key"
        case .invalidClassifier(let file, let reason):
            return "jailbreak classifier \(file): \(reason)"
        }
    }
}
