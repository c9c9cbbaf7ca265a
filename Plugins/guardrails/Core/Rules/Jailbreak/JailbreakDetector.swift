/// Prompt-injection and jailbreak attempts: the sentence-level feature model of
/// `JailbreakScorer` over the shared lexicon's hits, the same model over the decoded text of
/// base64, hex and ROT13 payloads, and invisible or direction-changing characters and chat-template
/// tokens; and, on prompts and replies (not retrieved documents), the learned
/// `JailbreakClassifier`, reported when it is more confident than everything else.
struct JailbreakDetector {
    let lexicon: Lexicon
    let signals: JailbreakSignalTable
    let classifier: JailbreakClassifier?

    typealias Signal = JailbreakScorer.Signal

    /// Findings for `text`; `hits` are the shared lexicon's hits on it. `inDocument` marks
    /// retrieved content, where text addressing an AI reader is itself suspicious.
    func detect(_ text: UnsafeBufferPointer<UInt8>, hits: [LexiconHit], inDocument: Bool) -> [RawFinding] {
        var plain: [Signal] = []
        plain.reserveCapacity(hits.count)
        var rotated: [Signal] = []
        for hit in hits {
            guard let (group, isRotated) = signals.groups[Int(hit.entry)] else { continue }
            if isRotated {
                rotated.append(Signal(group: group, start: hit.start, end: hit.end))
            } else {
                plain.append(Signal(group: group, start: hit.start, end: hit.end))
            }
        }
        let requested = plain.contains { $0.group == .decodeRequest }
        // Handed over, not shared: the scorer sorts the signals in place without a copy.
        var findings = JailbreakScorer(text: text, inDocument: inDocument).findings(consume plain)
        for finding in JailbreakScorer(text: text, inDocument: false).findings(rotated) where finding.score >= 0.5 {
            findings.append(RawFinding(rule: .jailbreak, category: "encoded_instructions", start: finding.start, end: finding.end,
                                       score: 0.9, reason: "ROT13-encoded text: \(finding.reason)"))
        }
        let characters = CharacterScan(text)
        findings += encodedPayloads(text, runs: characters.encodedRuns, requested: requested)
        findings += characters.findings
        if !inDocument, let learned = classifier?.finding(text), !findings.contains(where: { $0.score >= learned.score }) {
            findings.append(learned)
        }
        if inDocument {
            findings = findings.map { finding in
                var finding = finding
                if finding.score >= 0.5, !finding.category.hasPrefix("indirect") {
                    finding.reason = "instruction-like content in a retrieved document: " + finding.reason
                    finding.category = "indirect_injection"
                }
                return finding
            }
        }
        return findings
    }

    /// Base64 and hex runs that decode to text the scorer judges an attack.
    private func encodedPayloads(_ text: UnsafeBufferPointer<UInt8>, runs: [(start: Int, end: Int)], requested: Bool) -> [RawFinding] {
        var findings: [RawFinding] = []
        for run in runs {
            let characters = Array(text[run.start..<run.end])
            let hex = EncodedBlob.decodeHex(characters)
            guard let decoded = hex ?? EncodedBlob.decodeBase64(characters), EncodedBlob.isMostlyText(decoded) else { continue }
            let inner = decoded.withUnsafeBufferPointer { buffer in
                JailbreakScorer(text: buffer, inDocument: false).findings(lexicon.hits(in: buffer).compactMap { hit -> Signal? in
                    guard let (group, isRotated) = signals.groups[Int(hit.entry)], !isRotated else { return nil }
                    return Signal(group: group, start: hit.start, end: hit.end)
                })
            }
            let encoding = hex != nil ? "hex" : "base64"
            if let strongest = inner.max(by: { $0.score < $1.score }), strongest.score >= 0.5 {
                findings.append(RawFinding(rule: .jailbreak, category: "encoded_instructions", start: run.start, end: run.end,
                                           score: 0.9, reason: "\(encoding)-encoded text: \(strongest.reason)"))
            } else if requested {
                findings.append(RawFinding(rule: .jailbreak, category: "encoded_payload", start: run.start, end: run.end,
                                           score: 0.6, reason: "asks to decode and act on a \(encoding) payload"))
            }
        }
        return findings
    }
}

/// The jailbreak group of every lexicon entry (nil for other rules' entries), worked out once per
/// engine rather than by parsing category names on every hit.
struct JailbreakSignalTable: Sendable {
    let groups: [(JailbreakGroup, Bool)?]

    init(_ lexicon: Lexicon) {
        groups = lexicon.entries.map { entry in
            guard entry.role == .jailbreak else { return nil }
            if entry.category.hasPrefix("rot13:") {
                return JailbreakGroup(rawValue: String(entry.category.dropFirst(6))).map { ($0, true) }
            }
            return JailbreakGroup(rawValue: entry.category).map { ($0, false) }
        }
    }
}
