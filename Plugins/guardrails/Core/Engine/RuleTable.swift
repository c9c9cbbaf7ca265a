/// Which rules a policy stage runs and the action and redaction style of each, by rule position:
/// filled by one walk over the policy's dictionary and read without hashing a `RuleID` per finding
/// (a check made about twenty dictionary look-ups). Plain values only, so copies cost nothing.
struct RuleTable {
    /// Bit `ordinal` set for every rule present.
    private(set) var present: UInt8 = 0
    private var actions: (GuardAction, GuardAction, GuardAction, GuardAction, GuardAction, GuardAction, GuardAction, GuardAction)
        = (.allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow)
    private var styles: (RedactionStyle, RedactionStyle, RedactionStyle, RedactionStyle,
                         RedactionStyle, RedactionStyle, RedactionStyle, RedactionStyle)
        = (.placeholder, .placeholder, .placeholder, .placeholder, .placeholder, .placeholder, .placeholder, .placeholder)

    init(_ rules: [RuleID: RuleSettings]) {
        // Through indices, so that each rule's settings are read in place, not copied.
        for index in rules.indices {
            let rule = rules.keys[index]
            present |= 1 << UInt8(rule.ordinal)
            let (action, style) = (rules.values[index].action, rules.values[index].redaction)
            switch rule.ordinal {
            case 0: (actions.0, styles.0) = (action, style)
            case 1: (actions.1, styles.1) = (action, style)
            case 2: (actions.2, styles.2) = (action, style)
            case 3: (actions.3, styles.3) = (action, style)
            case 4: (actions.4, styles.4) = (action, style)
            case 5: (actions.5, styles.5) = (action, style)
            case 6: (actions.6, styles.6) = (action, style)
            default: (actions.7, styles.7) = (action, style)
            }
        }
    }

    @inline(__always)
    func contains(_ rule: RuleID) -> Bool { present & 1 << UInt8(rule.ordinal) != 0 }

    /// The action and redaction style of a rule that is present.
    func treatment(_ rule: RuleID) -> (action: GuardAction, style: RedactionStyle) {
        switch rule.ordinal {
        case 0: (actions.0, styles.0)
        case 1: (actions.1, styles.1)
        case 2: (actions.2, styles.2)
        case 3: (actions.3, styles.3)
        case 4: (actions.4, styles.4)
        case 5: (actions.5, styles.5)
        case 6: (actions.6, styles.6)
        default: (actions.7, styles.7)
        }
    }
}
