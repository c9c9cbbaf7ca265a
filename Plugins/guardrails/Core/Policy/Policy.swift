/// How one rule runs under a policy at one stage.
public struct RuleSettings: Sendable {
    public var action: GuardAction
    /// Findings scoring below this are dropped.
    public var threshold: Double
    /// Only these categories count (nil: all).
    public var categories: Set<String>?
    public var redaction: RedactionStyle
    /// Toxicity: a threshold per category, overriding `threshold`.
    public var categoryThresholds: [String: Double]
    /// Length rule limits.
    public var limits: LengthLimits
    /// JSON rule settings.
    public var json: JSONRuleSettings

    public init(action: GuardAction, threshold: Double = 0.5, categories: Set<String>? = nil,
                redaction: RedactionStyle = .placeholder, categoryThresholds: [String: Double] = [:],
                limits: LengthLimits = LengthLimits(), json: JSONRuleSettings = JSONRuleSettings(schema: nil, repair: false)) {
        self.action = action
        self.threshold = threshold
        self.categories = categories
        self.redaction = redaction
        self.categoryThresholds = categoryThresholds
        self.limits = limits
        self.json = json
    }

    func admits(_ finding: RawFinding) -> Bool {
        if let categories, !categories.contains(finding.category) { return false }
        if categoryThresholds.isEmpty { return finding.score >= threshold }
        return finding.score >= (categoryThresholds[finding.category] ?? threshold)
    }
}

/// A named choice of rules, thresholds and actions for each stage.
public struct Policy: Sendable {
    public var name: String
    public var description: String
    public var stages: [Stage: [RuleID: RuleSettings]]

    public init(name: String, description: String, input: [RuleID: RuleSettings], output: [RuleID: RuleSettings]) {
        self.name = name
        self.description = description
        self.stages = [.input: input, .output: output]
    }

    public func rules(for stage: Stage) -> [RuleID: RuleSettings] { stages[stage] ?? [:] }
}

/// The policies every installation has; config may redefine them or add others.
enum BuiltinPolicies {
    static var all: [Policy] {
        let defaultInput: [RuleID: RuleSettings] = [
            .pii: RuleSettings(action: .redact),
            .sensitiveWords: RuleSettings(action: .block),
            .toxicity: RuleSettings(action: .block),
            .jailbreak: RuleSettings(action: .block),
            .codeSafety: RuleSettings(action: .warn),
            .length: RuleSettings(action: .block, limits: LengthLimits(maxCharacters: 32_000)),
        ]
        let defaultOutput: [RuleID: RuleSettings] = [
            .pii: RuleSettings(action: .redact),
            .sensitiveWords: RuleSettings(action: .block),
            .toxicity: RuleSettings(action: .block),
            .codeSafety: RuleSettings(action: .warn),
        ]
        var strictInput = defaultInput
        strictInput[.topics] = RuleSettings(action: .block)
        strictInput[.codeSafety] = RuleSettings(action: .block)
        strictInput[.pii] = RuleSettings(action: .block)
        var strictOutput = defaultOutput
        strictOutput[.topics] = RuleSettings(action: .block)
        strictOutput[.codeSafety] = RuleSettings(action: .block)
        strictOutput[.pii] = RuleSettings(action: .redact, redaction: .mask)
        strictOutput[.jailbreak] = RuleSettings(action: .warn)
        let everyRule = Dictionary(uniqueKeysWithValues: RuleID.allCases.filter { $0 != .json }.map {
            ($0, RuleSettings(action: .log, limits: LengthLimits(maxCharacters: 32_000)))
        })
        return [
            Policy(name: "default", description: "redact personal data, block toxicity, sensitive words and jailbreaks, warn on unsafe code",
                   input: defaultInput, output: defaultOutput),
            Policy(name: "strict", description: "also block restricted topics, unsafe code and personal data in prompts",
                   input: strictInput, output: strictOutput),
            Policy(name: "monitor", description: "every rule on both stages, findings logged, nothing blocked",
                   input: everyRule, output: everyRule),
        ]
    }
}
