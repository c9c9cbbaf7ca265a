import AIPConfig

/// The passes one check needs, each run at most once: the shared lexicon scan serves four rules,
/// the PII scan serves PII and code safety.
struct Analysis {
    let engine: GuardrailsEngine
    let bytes: UnsafeBufferPointer<UInt8>
    let rules: [RuleID: RuleSettings]
    let table: RuleTable
    let role: MessageRole?
    private(set) var repairedJSON: String?

    init(engine: GuardrailsEngine, bytes: UnsafeBufferPointer<UInt8>, rules: [RuleID: RuleSettings], table: RuleTable,
         role: MessageRole? = nil) {
        self.engine = engine
        self.bytes = bytes
        self.rules = rules
        self.table = table
        self.role = role
    }

    /// Every rule's findings that its settings admit (threshold, categories), in rule order.
    mutating func findings(textForJSON: String?) -> [RawFinding] {
        let limit = engine.settings.maxFindings
        var findings: [RawFinding] = []
        findings.reserveCapacity(16)
        let usesLexicon = table.contains(.sensitiveWords) || table.contains(.toxicity) || table.contains(.topics) || table.contains(.jailbreak)
        let hits = usesLexicon ? engine.lexicon.hits(in: bytes, limit: limit * 4) : []
        let (pii, secrets) = table.contains(.pii) || table.contains(.codeSafety) ? PIIScanner.scanWithSecrets(bytes, limit: limit) : ([], [])

        // In the dictionary's order, without a look-up (a hash) per rule: the engine sorts the
        // findings by start and rule, and the sort is stable, so each rule's own order stays.
        // Read in place through the index: a copy of a rule's settings retained half a dozen
        // references.
        let settings = rules.values
        for index in rules.indices {
            let rule = rules.keys[index]
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
                ruleFindings = CodeSafetyDetector(lexicon: engine.codeLexicon).detect(bytes, secrets: secrets)
            case .length: ruleFindings = TextMeasure.findings(bytes, settings[index].limits)
            case .json:
                let text = textForJSON ?? String(decoding: bytes, as: UTF8.self)
                let result = JSONRule.check(text, settings[index].json)
                repairedJSON = result.repaired
                ruleFindings = result.findings
            }
            if ruleFindings.count > limit { ruleFindings.removeSubrange(limit...) }
            for finding in ruleFindings where settings[index].admits(finding) { findings.append(finding) }
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
