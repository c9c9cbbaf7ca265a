import Foundation
import GuardrailsCore

// guardrails-eval [DIRECTORY] [--verbose [--show-held-out]] [--explain CASE-ID]: precision, recall and false-positive rate of every
// rule on the labelled evaluation set (default: Plugins/guardrails/Evaluation of this checkout).
// The set's config.json (policy "evaluation", evaluation term lists) is loaded with the directory
// as the plugin's data directory, exactly as the plugin loads its own. --verbose lists the
// misjudged cases except those of the held-out split (jailbreak batches `EvaluationSet.heldOutSplit`), which are only
// counted, so that tuning does not look at them; --show-held-out lists those too.

let arguments = CommandLine.arguments.dropFirst()
let verbose = arguments.contains("--verbose")
let explain = arguments.firstIndex(of: "--explain").map { arguments[arguments.index(after: $0)] }
let directory = arguments.first { !$0.hasPrefix("--") && $0 != explain }
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Evaluation").path

do {
    let config = try String(contentsOfFile: directory + "/config.json", encoding: .utf8)
    let settings = try GuardrailsSettings.load(configText: config, dataDirectory: directory)
    let engine = GuardrailsEngine(settings: settings)
    let cases = try EvaluationSet.load(directory: directory)
    if let explain {
        // One case's findings, to see why a rule fired or not.
        guard let item = cases.first(where: { $0.id == explain }) else { throw GuardrailsError.invalidConfig(path: explain, reason: "no such case") }
        let verdict = try engine.check(CheckRequest(text: item.text, stage: item.stage, policy: "evaluation", documents: item.documents, role: item.role))
        print("\(item.origin) labels: \(item.labels.map(\.rawValue).sorted())")
        for applied in verdict.findings {
            let finding = applied.finding
            print("  \(finding.rule.rawValue)/\(finding.category) score \(finding.score) \(finding.source ?? "")"
                  + "\(finding.span.map { " bytes \($0.utf8Start)..<\($0.utf8End)" } ?? ""): \(finding.reason)")
        }
        exit(0)
    }
    let report = try EvaluationReport.run(cases, engine: engine, policy: "evaluation")
    print(report.table(verbose: verbose, showHeldOutMistakes: arguments.contains("--show-held-out")))
    print("jailbreak classifier: " + (settings.jailbreakClassifier?.source ?? "none (scorer alone)"))
    for warning in settings.warnings { print("warning: \(warning)") }
} catch {
    FileHandle.standardError.write(Data("guardrails-eval: \(error)\n".utf8))
    exit(1)
}
