/// Prompt-injection and jailbreak attempts: the sentence-level feature model of
/// `JailbreakScorer` over the shared lexicon's hits, the same model over the decoded text of
/// base64, hex and ROT13 payloads, and invisible or direction-changing characters and chat-template
/// tokens.
struct JailbreakDetector {
    let lexicon: Lexicon
    let signals: JailbreakSignalTable

    typealias Signal = JailbreakScorer.Signal

    /// Findings for `text`; `hits` are the shared lexicon's hits on it. `inDocument` marks
    /// retrieved content, where text addressing an AI reader is itself suspicious.
    func detect(_ text: UnsafeBufferPointer<UInt8>, hits: [LexiconHit], inDocument: Bool) -> [RawFinding] {
        var plain: [Signal] = []
        var rotated: [Signal] = []
        for hit in hits {
            guard let (group, isRotated) = signals.groups[Int(hit.entry)] else { continue }
            if isRotated {
                rotated.append(Signal(group: group, start: hit.start, end: hit.end))
            } else {
                plain.append(Signal(group: group, start: hit.start, end: hit.end))
            }
        }
        var findings = JailbreakScorer(text: text, inDocument: inDocument).findings(plain)
        for finding in JailbreakScorer(text: text, inDocument: false).findings(rotated) where finding.score >= 0.5 {
            findings.append(RawFinding(rule: .jailbreak, category: "encoded_instructions", start: finding.start, end: finding.end,
                                       score: 0.9, reason: "ROT13-encoded text: \(finding.reason)"))
        }
        findings += encodedPayloads(text, requested: plain.contains { $0.group == .decodeRequest })
        findings += InvisibleCharacters.findings(text)
        findings += ChatTemplateTokens.findings(text)
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
    private func encodedPayloads(_ text: UnsafeBufferPointer<UInt8>, requested: Bool) -> [RawFinding] {
        var findings: [RawFinding] = []
        for run in EncodedBlob.candidates(in: text).prefix(32) {
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

/// Characters that hide text from people but not from models: Unicode tag characters (used to
/// smuggle ASCII), direction overrides, runs of zero-width characters.
enum InvisibleCharacters {
    static func findings(_ text: UnsafeBufferPointer<UInt8>) -> [RawFinding] {
        var tags = 0, bidi = 0, zeroWidth = 0
        var firstTag = -1, firstBidi = -1, firstZeroWidth = -1
        var index = 0
        while index < text.count {
            let lead = text[index]
            guard lead == 0xE2 || lead == 0xF3 || lead == 0xEF else { index += 1; continue }
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            switch scalar {
            case 0xE0000...0xE007F:
                tags += 1
                if firstTag < 0 { firstTag = index }
            case 0x202A...0x202E, 0x2066...0x2069:
                bidi += 1
                if firstBidi < 0 { firstBidi = index }
            case 0x200B...0x200D, 0x2060:
                zeroWidth += 1
                if firstZeroWidth < 0 { firstZeroWidth = index }
            case 0xFEFF where index > 0:
                zeroWidth += 1
                if firstZeroWidth < 0 { firstZeroWidth = index }
            default: break
            }
            index += length
        }
        var findings: [RawFinding] = []
        if tags > 0 {
            findings.append(RawFinding(rule: .jailbreak, category: "unicode_smuggling", start: firstTag, end: firstTag + 4,
                                       score: 0.95, reason: "\(tags) invisible Unicode tag characters (hidden ASCII)"))
        }
        if bidi > 0 {
            findings.append(RawFinding(rule: .jailbreak, category: "bidi_override", start: firstBidi, end: firstBidi + 3,
                                       score: 0.6, reason: "\(bidi) text-direction override characters"))
        }
        if zeroWidth >= 3 {
            findings.append(RawFinding(rule: .jailbreak, category: "invisible_characters", start: firstZeroWidth, end: firstZeroWidth + 3,
                                       score: 0.55, reason: "\(zeroWidth) zero-width characters"))
        }
        return findings
    }
}

/// Control tokens of chat templates (`<|im_start|>`, `[INST]`, `<<SYS>>`, `### System:`): text
/// that tries to open a new system or user turn inside the message.
enum ChatTemplateTokens {
    static let tokens: [StaticString] = ["<|im_start|>", "<|im_end|>", "<|system|>", "<|user|>", "<|assistant|>", "<|endoftext|>",
                                         "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "### system:", "### instruction:", "</s><s>"]

    static func findings(_ text: UnsafeBufferPointer<UInt8>) -> [RawFinding] {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "#"),
               let token = tokens.first(where: { text.hasASCII($0, at: index, caseInsensitive: true) }) {
                return [RawFinding(rule: .jailbreak, category: "chat_template_injection", start: index,
                                   end: index + token.utf8CodeUnitCount, score: 0.8, reason: "chat-template control tokens in the text")]
            }
            index += 1
        }
        return []
    }
}
