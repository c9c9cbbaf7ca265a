/// One line of the report: a check, on one capability or on the whole plugin.
public struct CheckResult: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case passed, failed, skipped
    }

    public var check: ConformanceCheck
    /// Nil for checks about the whole plugin (descriptor, manifest, lifecycle, events).
    public var capability: String?
    public var outcome: Outcome
    /// One line: why it passed, failed or was skipped.
    public var detail: String
    /// Further lines for a failure: the full input, how to reproduce it, the plugin's last words.
    public var details: [String]
    /// Wall-clock time of the check's child process (0 for verdicts judged from other checks).
    public var milliseconds: Int

    public init(check: ConformanceCheck, capability: String? = nil, outcome: Outcome, detail: String,
                details: [String] = [], milliseconds: Int = 0) {
        self.check = check
        self.capability = capability
        self.outcome = outcome
        self.detail = detail
        self.details = details
        self.milliseconds = milliseconds
    }

    /// The detail lines that do not merely repeat part of `detail` (a multi-problem detail already
    /// joins every problem), for renderings that show both.
    public var additionalDetails: [String] {
        details.filter { !detail.contains($0) }
    }

    static func passed(_ check: ConformanceCheck, _ capability: String? = nil, _ detail: String) -> CheckResult {
        CheckResult(check: check, capability: capability, outcome: .passed, detail: detail)
    }

    static func failed(_ check: ConformanceCheck, _ capability: String? = nil, _ detail: String, details: [String] = []) -> CheckResult {
        // A lone problem is already the detail; repeating it below would only add noise.
        CheckResult(check: check, capability: capability, outcome: .failed, detail: detail, details: details.filter { $0 != detail })
    }

    static func skipped(_ check: ConformanceCheck, _ capability: String? = nil, _ detail: String) -> CheckResult {
        CheckResult(check: check, capability: capability, outcome: .skipped, detail: detail)
    }
}
