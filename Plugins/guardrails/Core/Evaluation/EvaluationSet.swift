import AIPConfig
import Foundation

/// A labelled case of the evaluation set (`Plugins/guardrails/Evaluation/*.jsonl`, one JSON object
/// per line): the text, the rules expected to fire on it, and its language.
public struct EvaluationCase: Sendable {
    public var id: String
    public var language: String
    public var text: String
    public var labels: Set<RuleID>
    public var stage: Stage
    public var documents: [String]
    /// JSON rule cases: the schema the text is checked against.
    public var schema: JSONValue?
    /// `file:line` of the case.
    public var origin: String
    /// Held-out batch the case belongs to (written after the rules were tuned, never tuned on),
    /// or nil for cases the rules were developed against.
    public var heldOutBatch: Int?
    /// The chat role the text is checked as (`"role"`; system prompts are `system`).
    public var role: MessageRole?
}

/// Loads the evaluation set and scores the engine on it, rule by rule.
public enum EvaluationSet {
    /// Jailbreak batches that form the held-out split: written before the rule was last tuned and
    /// never tuned on. Earlier batches were held out when written, measured, and tuned on
    /// afterwards (see the README, "Evaluation", for each batch's figures before tuning); batch 10
    /// (short everyday messages) chose the classifier's short-text constants, so it is tuning data.
    public static let heldOutSplit = 8...9

    public static func load(directory: String) throws(GuardrailsError) -> [EvaluationCase] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }.sorted() } catch {
            throw .unreadableFile(path: directory, reason: (error as NSError).localizedDescription)
        }
        var cases: [EvaluationCase] = []
        for name in names {
            let text: String
            do { text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8) } catch {
                throw .unreadableFile(path: name, reason: (error as NSError).localizedDescription)
            }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                cases.append(try parse(String(line), origin: "\(name):\(index + 1)"))
            }
        }
        return cases
    }

    static func parse(_ line: String, origin: String) throws(GuardrailsError) -> EvaluationCase {
        func fail(_ reason: String) -> GuardrailsError {
            let parts = origin.split(separator: ":")
            return .malformedTermList(file: String(parts[0]), line: Int(parts[1]) ?? 0, reason: reason)
        }
        let value: JSONValue
        do { value = try JSONParser.parse(line, source: origin) } catch { throw fail(error.message) }
        guard let id = value["id"]?.stringValue, var text = value["text"]?.stringValue,
              let language = value["lang"]?.stringValue, let labelValues = value["labels"]?.arrayValue else {
            throw fail("a case needs id, lang, text and labels")
        }
        var labels: Set<RuleID> = []
        for label in labelValues {
            guard let name = label.stringValue, let rule = RuleID(rawValue: name) else { throw fail("unknown label \(label)") }
            labels.insert(rule)
        }
        if let repeatCount = value["repeat"]?.int64Value { text = String(repeating: text, count: Int(repeatCount)) }
        let stage = value["stage"]?.stringValue.flatMap(Stage.init(rawValue:)) ?? .input
        let documents = value["documents"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var role: MessageRole?
        if let name = value["role"]?.stringValue {
            guard let known = MessageRole(rawValue: name) else { throw fail("unknown role \(name)") }
            role = known
        }
        return EvaluationCase(id: id, language: language, text: text, labels: labels, stage: stage, documents: documents,
                              schema: value["schema"], origin: origin, heldOutBatch: value["heldout"]?.int64Value.map(Int.init), role: role)
    }
}

/// Confusion counts of one rule over the set.
public struct RuleScore: Sendable {
    public var rule: RuleID
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0
    /// Case ids wrongly judged, for `--verbose`.
    public var mistakes: [String] = []
    /// The ones among them from the held-out split, listed only on request so that tuning never
    /// looks at them.
    public var heldOutMistakes: [String] = []

    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    public var falsePositiveRate: Double {
        trueNegatives + falsePositives == 0 ? 0 : Double(falsePositives) / Double(trueNegatives + falsePositives)
    }
    public var positives: Int { truePositives + falseNegatives }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 1 : Double(part) / Double(whole) }

    /// These counts without `other`'s (a split's complement).
    func subtracting(_ other: RuleScore) -> RuleScore {
        var score = self
        score.truePositives -= other.truePositives
        score.falsePositives -= other.falsePositives
        score.falseNegatives -= other.falseNegatives
        score.trueNegatives -= other.trueNegatives
        return score
    }
}

public struct EvaluationReport: Sendable {
    public var scores: [RuleID: RuleScore]
    public var cases: Int
    public var languages: [String: Int]
    /// Jailbreak scores on each held-out batch alone (positives and ordinary prompts of the batch).
    public var heldOut: [Int: RuleScore] = [:]
    /// Jailbreak false positives on the ordinary prompts alone (`ordinary.jsonl`, hard negatives
    /// included), the set the false-positive target is stated for.
    public var ordinaryPrompts = RuleScore(rule: .jailbreak)

    /// Jailbreak scores on the held-out split and on everything else (the training split).
    public var jailbreakSplits: (training: RuleScore, heldOut: RuleScore)? {
        let batches = heldOut.filter { EvaluationSet.heldOutSplit.contains($0.key) }
        guard !batches.isEmpty else { return nil }
        var heldOutScore = RuleScore(rule: .jailbreak)
        for score in batches.values {
            heldOutScore.truePositives += score.truePositives
            heldOutScore.falsePositives += score.falsePositives
            heldOutScore.falseNegatives += score.falseNegatives
            heldOutScore.trueNegatives += score.trueNegatives
        }
        return (scores[.jailbreak]!.subtracting(heldOutScore), heldOutScore)
    }

    /// Runs every case through `engine` under `policy` (every rule on, action irrelevant); a rule
    /// "fires" on a case when it reports at least one finding at or above its threshold. JSON
    /// cases are judged by the JSON rule with their own schema.
    public static func run(_ cases: [EvaluationCase], engine: GuardrailsEngine, policy: String) throws(GuardrailsError) -> EvaluationReport {
        var scores = Dictionary(uniqueKeysWithValues: RuleID.allCases.map { ($0, RuleScore(rule: $0)) })
        var languages: [String: Int] = [:]
        var heldOut: [Int: RuleScore] = [:]
        var ordinaryPrompts = RuleScore(rule: .jailbreak)
        for item in cases {
            languages[item.language, default: 0] += 1
            var fired = Set(try engine.check(CheckRequest(text: item.text, stage: item.stage, policy: policy, documents: item.documents, role: item.role))
                .findings.map(\.finding.rule))
            fired.remove(.json)
            if let schemaValue = item.schema {
                let schema: JSONSchema
                do { schema = try JSONSchema(schemaValue) } catch {
                    throw .invalidConfig(path: "\(item.origin) schema", reason: error.description)
                }
                if !JSONRule.check(item.text, JSONRuleSettings(schema: schema, repair: false)).findings.isEmpty { fired.insert(.json) }
            }
            if let batch = item.heldOutBatch {
                var score = heldOut[batch] ?? RuleScore(rule: .jailbreak)
                switch (item.labels.contains(.jailbreak), fired.contains(.jailbreak)) {
                case (true, true): score.truePositives += 1
                case (false, false): score.trueNegatives += 1
                case (false, true): score.falsePositives += 1
                case (true, false): score.falseNegatives += 1
                }
                heldOut[batch] = score
            }
            if item.origin.hasPrefix("ordinary.jsonl:"), !item.labels.contains(.jailbreak) {
                if fired.contains(.jailbreak) { ordinaryPrompts.falsePositives += 1 } else { ordinaryPrompts.trueNegatives += 1 }
            }
            func mistake(_ text: String, _ rule: RuleID) {
                if let batch = item.heldOutBatch, EvaluationSet.heldOutSplit.contains(batch) {
                    scores[rule]!.heldOutMistakes.append(text)
                } else {
                    scores[rule]!.mistakes.append(text)
                }
            }
            for rule in RuleID.allCases {
                if rule == .json, item.schema == nil { continue }
                switch (item.labels.contains(rule), fired.contains(rule)) {
                case (true, true): scores[rule]!.truePositives += 1
                case (false, false): scores[rule]!.trueNegatives += 1
                case (false, true): scores[rule]!.falsePositives += 1; mistake("FP \(item.id)", rule)
                case (true, false): scores[rule]!.falseNegatives += 1; mistake("FN \(item.id)", rule)
                }
            }
        }
        return EvaluationReport(scores: scores, cases: cases.count, languages: languages, heldOut: heldOut,
                                ordinaryPrompts: ordinaryPrompts)
    }

    /// The report as a table.
    public func table(verbose: Bool = false, showHeldOutMistakes: Bool = false) -> String {
        var lines = ["| rule | positives | TP | FP | FN | precision | recall | FPR |", "|---|---|---|---|---|---|---|---|"]
        func format(_ value: Double) -> String { String(format: "%.3f", value) }
        for rule in RuleID.allCases {
            let score = scores[rule]!
            lines.append("| \(rule.rawValue) | \(score.positives) | \(score.truePositives) | \(score.falsePositives) | "
                         + "\(score.falseNegatives) | \(format(score.precision)) | \(format(score.recall)) | \(format(score.falsePositiveRate)) |")
        }
        for (batch, score) in heldOut.sorted(by: { $0.key < $1.key }) {
            lines.append("| jailbreak, batch \(batch) only | \(score.positives) | \(score.truePositives) | \(score.falsePositives) | "
                         + "\(score.falseNegatives) | \(format(score.precision)) | \(format(score.recall)) | \(format(score.falsePositiveRate)) |")
        }
        if let (training, heldOutScore) = jailbreakSplits {
            let split = EvaluationSet.heldOutSplit
            for (name, score) in [("jailbreak, tuning split (all batches but \(split.lowerBound)–\(split.upperBound))", training),
                                  ("jailbreak, held-out split (batches \(split.lowerBound)–\(split.upperBound), never tuned or trained on)", heldOutScore),
                                  ("jailbreak, ordinary prompts only (ordinary.jsonl, \(ordinaryPrompts.trueNegatives + ordinaryPrompts.falsePositives) "
                                   + "prompts, all batches; FPR is what counts)", ordinaryPrompts)] {
                lines.append("| \(name) | \(score.positives) | \(score.truePositives) | \(score.falsePositives) | "
                             + "\(score.falseNegatives) | \(format(score.precision)) | \(format(score.recall)) | \(format(score.falsePositiveRate)) |")
            }
        }
        lines.append("")
        lines.append("\(cases) cases (" + languages.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")")
        if verbose {
            for rule in RuleID.allCases {
                let mistakes = scores[rule]!.mistakes + (showHeldOutMistakes ? scores[rule]!.heldOutMistakes : [])
                if !mistakes.isEmpty { lines.append("\(rule.rawValue): " + mistakes.joined(separator: ", ")) }
                if !showHeldOutMistakes, !scores[rule]!.heldOutMistakes.isEmpty {
                    lines.append("\(rule.rawValue): \(scores[rule]!.heldOutMistakes.count) held-out mistakes (--show-held-out lists them)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
