/// The families of hostile input the fuzz check sends. Every one must be answered with a status —
/// an error or a success — never a crash or a hang.
public enum FuzzKind: String, Sendable, Codable, CaseIterable {
    case empty
    case truncatedJSON = "truncated JSON"
    case wrongTypes = "wrong types"
    case hugeString = "huge string"
    case deepNesting = "deep nesting"
    case invalidUTF8 = "invalid UTF-8"
    case binaryNoise = "binary noise"
    case mutatedJSON = "mutated JSON"
    case extremeValues = "extreme values"
    /// Native capabilities only: an argument array of the right types holding edge values, which
    /// gets past the host's type check and reaches the C function.
    case typedArguments = "typed arguments"

    /// What a message capability receives.
    static let messageKinds: [FuzzKind] = [
        .empty, .truncatedJSON, .wrongTypes, .hugeString, .deepNesting, .invalidUTF8, .binaryNoise, .mutatedJSON, .extremeValues,
    ]
}

/// One fuzz input: rebuilt identically from (seed, capability, index) on both sides of the child
/// protocol, so the child only has to say which index it is sending.
public struct FuzzInput: Sendable, Equatable {
    public let index: Int
    public let kind: FuzzKind
    public let bytes: [UInt8]
}
