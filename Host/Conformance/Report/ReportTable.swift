/// The report as rows of the human table: check | capability | result | detail | time.
public enum ReportTable {
    public static let header = ["CHECK", "CAPABILITY", "RESULT", "DETAIL", "TIME"]
    /// Details longer than this are cut in the table; failures are printed in full below it.
    public static let detailWidth = 110

    public static func rows(_ report: ConformanceReport) -> [[String]] {
        report.results.map { result in
            [result.check.rawValue, result.capability ?? "-", word(result.outcome), cut(result.detail),
             result.milliseconds > 0 ? Milliseconds.text(Double(result.milliseconds)) : "-"]
        }
    }

    private static func cut(_ text: String) -> String {
        text.count <= detailWidth ? text : String(text.prefix(detailWidth - 1)) + "…"
    }

    public static func word(_ outcome: CheckResult.Outcome) -> String {
        switch outcome {
        case .passed: return "pass"
        case .failed: return "FAIL"
        case .skipped: return "skip"
        }
    }

    /// The closing line: counts, time and the seed that reproduces the run.
    public static func summary(_ report: ConformanceReport) -> String {
        let failed = report.failures.count
        let skipped = report.results.filter { $0.outcome == .skipped }.count
        let passed = report.results.count - failed - skipped
        let verdict = failed == 0 ? "passed" : "FAILED"
        return "\(verdict): \(passed) passed, \(failed) failed, \(skipped) skipped in \(Milliseconds.text(Double(report.milliseconds))); "
            + "seed \(report.options.seed) (rerun the same inputs with --seed \(report.options.seed))"
    }
}
