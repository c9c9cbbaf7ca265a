/// What a policy does when a rule fires, weakest first: the verdict takes the strongest action of
/// its findings, `allow` when none fired.
public enum GuardAction: String, Sendable, Codable, Comparable, CaseIterable {
    case allow
    case log
    case warn
    case redact
    case block

    private var strength: Int {
        switch self {
        case .allow: 0
        case .log: 1
        case .warn: 2
        case .redact: 3
        case .block: 4
        }
    }

    public static func < (lhs: GuardAction, rhs: GuardAction) -> Bool { lhs.strength < rhs.strength }

    /// The code the native fast path returns (0 allow … 4 block).
    public var code: Int32 { Int32(strength) }
}

/// How redaction replaces a finding's text.
public enum RedactionStyle: String, Sendable, Codable, CaseIterable {
    /// `*` for every character: length kept, content gone.
    case mask
    /// `[EMAIL:1a2b3c4d]`: equal values give equal tags within one process, so a response can
    /// still be correlated without showing the value.
    case hash
    /// `[EMAIL_1]`: reversible by `Vault` with the key the verdict carries.
    case placeholder
}
