/// Checks texts against policies. Immutable once built (reload builds a new engine), so one
/// instance serves every thread without locks; only the redaction vault is shared state.
public final class GuardrailsEngine: Sendable {
    public let settings: GuardrailsSettings
    public let vault: Vault
    /// Sensitive words, allow-list, toxicity, topics and jailbreak signals in one automaton.
    let lexicon: Lexicon
    let codeLexicon: Lexicon
    let jailbreakSignals: JailbreakSignalTable
    let toxicityScorer: (any ToxicityScorer)?
    let jailbreakClassifier: JailbreakClassifier?

    public init(settings: GuardrailsSettings, vault: Vault = Vault(), toxicityScorer: (any ToxicityScorer)? = nil) {
        self.settings = settings
        self.vault = vault
        self.toxicityScorer = toxicityScorer
        lexicon = Lexicon(settings.terms + JailbreakLexicon.entries, mode: .lexicon)
        codeLexicon = Lexicon(CodeSafetyLexicon.entries, mode: .code)
        jailbreakSignals = JailbreakSignalTable(lexicon)
        jailbreakClassifier = settings.jailbreakClassifier
    }

    /// Number of sensitive-word and allow-list entries loaded (for reload replies and logs).
    public var termCount: Int { lexicon.entries.count { $0.role == .sensitive || $0.role == .allow } }

    /// The policy a request resolves to: explicit name, else the caller's, else the default.
    public func policy(named name: String?, caller: String?) throws(GuardrailsError) -> Policy {
        let resolved = name ?? caller.flatMap { settings.callers[$0] } ?? settings.defaultPolicy
        guard let policy = settings.policies[resolved] else { throw .unknownPolicy(resolved, known: settings.policyNames) }
        return policy
    }

    public func check(_ request: CheckRequest) throws(GuardrailsError) -> Verdict {
        let policy = try policy(named: request.policy, caller: request.caller)
        var text = request.text
        guard text.utf8.count <= settings.maxInputBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: settings.maxInputBytes)
        }
        let documentBytes = request.documents.reduce(0) { $0 + $1.utf8.count }
        guard documentBytes <= settings.maxInputBytes else {
            throw .inputTooLarge(bytes: documentBytes, limit: settings.maxInputBytes)
        }
        return text.withUTF8 { bytes in
            evaluate(bytes, text: request.text, stage: request.stage, policy: policy, documents: request.documents, role: request.role)
        }
    }

    /// Checks raw bytes (the native path): refuses invalid UTF-8 naming the first bad byte.
    public func check(utf8 bytes: UnsafeBufferPointer<UInt8>, stage: Stage, policy name: String?, caller: String? = nil)
        throws(GuardrailsError) -> Verdict {
        let policy = try policy(named: name, caller: caller)
        guard bytes.count <= settings.maxInputBytes else { throw .inputTooLarge(bytes: bytes.count, limit: settings.maxInputBytes) }
        if let offset = UTF8Validation.firstInvalidOffset(bytes) { throw .invalidUTF8(byteOffset: offset) }
        return evaluate(bytes, text: nil, stage: stage, policy: policy, documents: [], role: nil)
    }

    /// Runs the policy's rules for `stage` and assembles the verdict.
    private func evaluate(_ bytes: UnsafeBufferPointer<UInt8>, text: String?, stage: Stage, policy: Policy,
                          documents: [String], role: MessageRole?) -> Verdict {
        let rules = policy.rules(for: stage)
        let table = RuleTable(rules)
        var analysis = Analysis(engine: self, bytes: bytes, rules: rules, table: table, role: role)
        var raw = analysis.findings(textForJSON: text)
        var documentFindings: [Finding] = []
        // Most checks have no documents: no look-up then.
        if !documents.isEmpty, let settings = rules[.jailbreak] {
            for (index, document) in documents.enumerated() {
                var document = document
                document.withUTF8 { documentBytes in
                    let detector = JailbreakDetector(lexicon: lexicon, signals: jailbreakSignals, classifier: nil)
                    var offsets = ScalarOffsets(documentBytes)
                    for finding in detector.detect(documentBytes, hits: lexicon.hits(in: documentBytes), inDocument: true)
                    where settings.admits(finding) {
                        documentFindings.append(Self.finding(finding, offsets: &offsets, source: "documents[\(index)]"))
                    }
                }
            }
        }
        raw.sort { ($0.start, $0.rule) < ($1.start, $1.rule) }
        var offsets = ScalarOffsets(bytes)
        var applied: [AppliedFinding] = []
        applied.reserveCapacity(raw.count + documentFindings.count)
        var redactions: [Redactor.Span] = []
        for finding in raw {
            let (ruleAction, style) = table.treatment(finding.rule)
            var action = ruleAction
            if finding.rule == .json, finding.category == "repaired" { action = .log }
            if action == .redact, finding.hasSpan {
                // Room for all at once: grown one by one, the second span moved the first.
                if redactions.isEmpty { redactions.reserveCapacity(raw.count) }
                redactions.append(Redactor.Span(start: finding.start, end: finding.end, category: finding.category, style: style))
            } else if action == .redact {
                action = .block // a whole-text finding cannot be cut out of the text
            }
            applied.append(AppliedFinding(finding: Self.finding(finding, offsets: &offsets, source: nil), action: action))
        }
        for finding in documentFindings { applied.append(AppliedFinding(finding: finding, action: rules[.jailbreak]!.action)) }
        var strongest = GuardAction.allow // the weakest action
        for finding in applied where finding.action > strongest { strongest = finding.action }
        var verdict = Verdict(action: strongest, policy: policy.name, stage: stage,
                              findings: applied, redactedText: nil, vaultKey: nil, repairedText: analysis.repairedJSON)
        if !redactions.isEmpty {
            let (redacted, originals) = Redactor.redact(bytes, spans: redactions, source: text)
            verdict.redactedText = redacted
            if !originals.isEmpty { verdict.vaultKey = vault.store(originals) }
        }
        return verdict
    }

    private static func finding(_ raw: RawFinding, offsets: inout ScalarOffsets, source: String?) -> Finding {
        var span: TextSpan?
        if raw.hasSpan {
            let start = offsets.scalarOffset(ofByte: raw.start)
            span = TextSpan(utf8Start: raw.start, utf8End: raw.end, characterStart: start, characterEnd: offsets.scalarOffset(ofByte: raw.end))
        }
        return Finding(rule: raw.rule, category: raw.category, span: span, score: raw.score.rounded(toPlaces: 3),
                       reason: raw.reason, source: source)
    }

    /// `text` with the placeholders of `vaultKey` put back.
    public func restore(_ text: String, vaultKey: String) throws(GuardrailsError) -> String {
        try vault.restore(text, key: vaultKey)
    }
}
