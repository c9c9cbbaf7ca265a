import Foundation
import GuardrailsCore

// guardrails-eval [DIRECTORY] [--verbose [--show-held-out]] [--explain CASE-ID]: precision, recall and false-positive rate of every
// rule on the labelled evaluation set (default: Plugins/guardrails/Evaluation of this checkout).
// The set's config.json (policy "evaluation", evaluation term lists) is loaded with the directory
// as the plugin's data directory, exactly as the plugin loads its own. --verbose lists the
// misjudged cases except those of the held-out split (jailbreak batches `EvaluationSet.heldOutSplit`), which are only
// counted, so that tuning does not look at them; --show-held-out lists those too. --dump prints
// every case's whole verdict under several policies as JSON lines (vault keys left out; run with
// SWIFT_DETERMINISTIC_HASHING=1 for stable hash tags), so that two builds can be compared with `diff`.

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
    if arguments.contains("--dump") {
        try dumpVerdicts(cases, directory: directory, config: config)
        exit(0)
    }
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

/// Every case's verdict under the evaluation policy, the built-in ones and one with every rule,
/// each redaction style and JSON repair, one JSON line each.
func dumpVerdicts(_ cases: [EvaluationCase], directory: String, config: String) throws {
    let styles = #"""
    "dump_mask": {"input": {"pii": {"action": "redact", "redaction": "mask"}, "sensitive_words": {"action": "redact", "redaction": "hash"},
                            "toxicity": {"action": "redact"}, "code_safety": {"action": "redact", "redaction": "hash"},
                            "json": {"action": "warn", "repair": true, "schema": {"type": "object", "required": ["answer"]}},
                            "length": {"action": "redact", "max_chars": 300, "max_lines": 5, "max_tokens": 80, "max_bytes": 600},
                            "topics": {"action": "warn"}, "jailbreak": {"action": "redact"}},
                  "output": {"pii": {"action": "redact"}, "json": {"action": "block", "repair": true}, "code_safety": {"action": "redact"},
                             "jailbreak": {"action": "warn", "threshold": 0.3}, "toxicity": {"action": "warn", "thresholds": {"insult": 0.2}}}},
    """#
    let dumpConfig = config.replacingOccurrences(of: #""policies": {"#, with: #""policies": {"# + styles)
    let settings = try GuardrailsSettings.load(configText: dumpConfig, dataDirectory: directory)
    let engine = GuardrailsEngine(settings: settings)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for item in cases {
        for policy in ["evaluation", "default", "strict", "monitor", "dump_mask"] {
            for stage in [Stage.input, .output] {
                for role in [item.role, MessageRole.system] {
                    var verdict = try engine.check(CheckRequest(text: item.text, stage: stage, policy: policy, documents: item.documents, role: role))
                    verdict.vaultKey = verdict.vaultKey.map { _ in "key" }
                    let native = try item.text.utf8.withContiguousStorageIfAvailable { bytes in
                        try engine.check(utf8: bytes, stage: stage, policy: policy).action
                    }
                    print("\(item.id) \(policy) \(stage) \(role?.rawValue ?? "-") native=\(native.map { "\($0)" } ?? "-") "
                          + String(decoding: try encoder.encode(verdict), as: UTF8.self))
                }
            }
        }
    }
}
