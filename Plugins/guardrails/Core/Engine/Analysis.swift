import AIPConfig

/// The passes one check needs, each run at most once: the shared lexicon scan serves four rules,
/// the PII scan serves PII and code safety.
struct Analysis {
    let engine: GuardrailsEngine
    let bytes: UnsafeBufferPointer<UInt8>
    let rules: [RuleID: RuleSettings]
    let role: MessageRole?
    private(set) var repairedJSON: String?

    init(engine: GuardrailsEngine, bytes: UnsafeBufferPointer<UInt8>, rules: [RuleID: RuleSettings], role: MessageRole? = nil) {
        self.engine = engine
        self.bytes = bytes
        self.rules = rules
        self.role = role
    }

    mutating func findings(textForJSON: String?) -> [RawFinding] {
        let limit = engine.settings.maxFindings
        var findings: [RawFinding] = []
        findings.reserveCapacity(16)
        let usesLexicon = rules[.sensitiveWords] != nil || rules[.toxicity] != nil || rules[.topics] != nil || rules[.jailbreak] != nil
        let hits = usesLexicon ? engine.lexicon.hits(in: bytes, limit: limit * 4) : []
        let pii = rules[.pii] != nil || rules[.codeSafety] != nil ? PIIScanner.scan(bytes, limit: limit) : []

        // `allCases` is in report order already: no array of sorted keys to build per check.
        for rule in RuleID.allCases where rules[rule] != nil {
            var ruleFindings: [RawFinding]
            switch rule {
            case .sensitiveWords: ruleFindings = LexiconRules.sensitiveWords(hits, lexicon: engine.lexicon)
            case .pii: ruleFindings = pii
            case .toxicity: ruleFindings = toxicity(hits)
            case .topics: ruleFindings = LexiconRules.topics(hits, lexicon: engine.lexicon)
            case .jailbreak:
                let classifier = role?.isApplicationInstruction == true ? nil : engine.jailbreakClassifier
                ruleFindings = JailbreakDetector(lexicon: engine.lexicon, signals: engine.jailbreakSignals, classifier: classifier)
                    .detect(bytes, hits: hits, inDocument: false)
            case .codeSafety:
                let secrets = pii.filter { PIICategory(rawValue: $0.category)?.isSecret ?? false }
                ruleFindings = CodeSafetyDetector(lexicon: engine.codeLexicon).detect(bytes, secrets: secrets)
            case .length: ruleFindings = TextMeasure.findings(bytes, rules[.length]!.limits)
            case .json:
                let text = textForJSON ?? String(decoding: bytes, as: UTF8.self)
                let result = JSONRule.check(text, rules[.json]!.json)
                repairedJSON = result.repaired
                ruleFindings = result.findings
            }
            if ruleFindings.count > limit { ruleFindings.removeSubrange(limit...) }
            findings.append(contentsOf: ruleFindings)
        }
        return findings
    }

    private func toxicity(_ hits: [LexiconHit]) -> [RawFinding] {
        guard let scorer = engine.toxicityScorer else { return LexiconRules.toxicity(hits, lexicon: engine.lexicon) }
        do {
            return LexiconRules.toxicity(externalScores: try scorer.scores(for: String(decoding: bytes, as: UTF8.self)))
        } catch {
            // The external scorer is down: fall back to the lexicon rather than let toxic text through.
            return LexiconRules.toxicity(hits, lexicon: engine.lexicon).map { finding in
                var finding = finding
                finding.reason += " (lexicon fallback: \(error))"
                return finding
            }
        }
    }
}
