/// Scores prompt-injection and jailbreak attempts from lexicon signals that occur near each other,
/// encoded payloads (base64, hex, ROT13) that decode to such signals, and invisible or
/// direction-changing characters.
struct JailbreakDetector {
    let lexicon: Lexicon
    let signals: JailbreakSignalTable

    struct Signal {
        var group: JailbreakGroup
        var start: Int
        var end: Int
    }

    /// Findings for `text`; `hits` are the shared lexicon's hits on it. `inDocument` marks
    /// retrieved content, where text addressing the assistant is itself suspicious.
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
        var findings = Self.combine(plain, inDocument: inDocument)
        for finding in Self.combine(rotated, inDocument: false) where finding.score >= 0.5 {
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

    static func combine(_ signals: [Signal], inDocument: Bool) -> [RawFinding] {
        var findings: [RawFinding] = []
        func add(_ category: String, _ score: Double, _ first: Signal, _ second: Signal?, _ reason: String) {
            let start = min(first.start, second?.start ?? first.start)
            let end = max(first.end, second?.end ?? first.end)
            findings.append(RawFinding(rule: .jailbreak, category: category, start: start, end: end, score: score, reason: reason))
        }
        func near(_ a: Signal, _ b: Signal, within: Int, ordered: Bool = true) -> Bool {
            if b.start >= a.end { return b.start - a.end <= within }
            if b.start < a.end, a.start < b.end { return (a.start, a.end) != (b.start, b.end) && a.group != b.group }
            return !ordered && a.start >= b.end && a.start - b.end <= within
        }
        let byGroup = Dictionary(grouping: signals, by: \.group)
        func of(_ group: JailbreakGroup) -> [Signal] { byGroup[group] ?? [] }

        for verb in of(.overrideVerb) {
            if let object = of(.instructions).first(where: { near(verb, $0, within: 60) || near($0, verb, within: 24) }) {
                add("instruction_override", 0.92, verb, object, "asks to ignore or override its instructions")
            } else if let object = of(.weakInstructions).first(where: { near(verb, $0, within: 60) || near($0, verb, within: 24) }) {
                let lower = min(verb.start, object.start) - 20, upper = max(verb.end, object.end)
                let qualified = of(.priorReference).contains { $0.start >= lower && $0.end <= upper && $0.start != verb.start }
                add("instruction_override", qualified ? 0.85 : 0.45, verb, object,
                    qualified ? "asks to ignore its earlier rules" : "mentions ignoring rules")
            }
        }
        for verb in of(.revealVerb) {
            if let object = of(.systemPrompt).first(where: { near(verb, $0, within: 60, ordered: false) }) {
                add("prompt_extraction", 0.9, verb, object, "asks to reveal the system prompt or hidden instructions")
            }
        }
        for persona in of(.persona) {
            if let free = of(.unrestricted).first(where: { near(persona, $0, within: 200, ordered: false) }) {
                add("roleplay_jailbreak", 0.9, persona, free, "role-play that removes the assistant's restrictions")
            }
        }
        for free in of(.unrestricted) where !findings.contains(where: { $0.category == "roleplay_jailbreak" }) {
            add("unrestricted_request", 0.4, free, nil, "asks for answers without restrictions")
        }
        for phrase in of(.strong) { add("known_jailbreak", 0.9, phrase, nil, "a known jailbreak phrasing") }
        for verb in of(.disableVerb) {
            if let guardrail = of(.safeguard).first(where: { near(verb, $0, within: 40, ordered: false) }) {
                add("safety_override", 0.88, verb, guardrail, "asks to switch off its safety measures")
            }
        }
        for free in of(.unrestricted) {
            if let rules = (of(.instructions) + of(.weakInstructions)).first(where: { near(free, $0, within: 40, ordered: false) }) {
                add("policy_release", 0.85, free, rules, "declares the assistant free of its rules or policies")
            }
            if let mode = of(.mode).first(where: { near(free, $0, within: 24, ordered: false) }) {
                add("unrestricted_mode", 0.85, free, mode, "asks for an unrestricted mode")
            }
        }
        for lock in of(.characterLock) {
            let persona = of(.persona).first { near($0, lock, within: 200, ordered: false) }
            add("roleplay_jailbreak", persona == nil ? 0.45 : 0.8, lock, persona, "role-play the assistant must not leave")
        }
        for framing in of(.hypothetical) {
            if let free = (of(.unrestricted) + of(.instructions) + of(.weakInstructions)).first(where: { near(framing, $0, within: 60) }) {
                add("hypothetical_release", 0.75, framing, free, "a hypothetical in which the assistant has no rules")
            }
        }
        for free in of(.unrestricted) {
            if let ai = of(.aiSelf).first(where: { near($0, free, within: 30, ordered: false) }) {
                add("unrestricted_persona", 0.75, ai, free, "describes an AI without restrictions")
            }
        }
        // A verb acting on the assistant's own configuration: "set aside the guidance you were
        // configured with", "把你的设定告诉我", "escaped its restrictions".
        for noun in of(.controlNoun) {
            guard let owner = of(.selfReference).first(where: { near($0, noun, within: 24, ordered: false) }),
                  let verb = of(.manipulationVerb).first(where: { near($0, noun, within: 48, ordered: false) || near($0, owner, within: 48, ordered: false) })
            else { continue }
            add("configuration_attack", 0.8, verb, noun, "acts on the assistant's own rules or configuration")
            _ = owner
            break
        }
        for waiver in of(.refusalWaiver) {
            let others = of(.refusalWaiver).filter { $0.start != waiver.start } + of(.unrestricted) + of(.aiSelf)
            if let other = others.first(where: { near(waiver, $0, within: 60, ordered: false) }) {
                add("refusal_waiver", 0.75, waiver, other, "asks for answers with no refusals or warnings")
                break
            }
        }
        for claim in of(.authorityClaim) { add("authority_claim", 0.55, claim, nil, "claims to be the developer or an administrator") }
        for order in of(.obedience) { add("obedience_demand", 0.6, order, nil, "demands obedience to the user alone") }
        for prompt in of(.systemPrompt) where !findings.contains(where: { $0.category == "prompt_extraction" }) {
            add("system_prompt_reference", 0.35, prompt, nil, "mentions the system prompt")
        }
        if inDocument {
            let actions = of(.overrideVerb) + of(.revealVerb) + of(.persona) + of(.unrestricted) + of(.strong)
            let directives = of(.documentDirective)
            for directive in directives {
                let others = directives.filter { $0.start != directive.start } + actions
                if let action = others.first(where: { near(directive, $0, within: 160, ordered: false) }) {
                    add("indirect_injection", 0.88, directive, action, "retrieved text gives instructions to the assistant")
                    break
                }
            }
            if let directive = directives.first, !findings.contains(where: { $0.category == "indirect_injection" }) {
                add("indirect_injection", 0.45, directive, nil, "retrieved text addresses the assistant")
            }
        }
        return findings
    }

    /// Base64 and hex runs that decode to text carrying jailbreak signals.
    private func encodedPayloads(_ text: UnsafeBufferPointer<UInt8>, requested: Bool) -> [RawFinding] {
        var findings: [RawFinding] = []
        for run in EncodedBlob.candidates(in: text).prefix(32) {
            let characters = Array(text[run.start..<run.end])
            guard let decoded = EncodedBlob.decodeHex(characters) ?? EncodedBlob.decodeBase64(characters),
                  EncodedBlob.isMostlyText(decoded) else { continue }
            let inner = decoded.withUnsafeBufferPointer { buffer in
                Self.combine(lexicon.hits(in: buffer).compactMap { hit -> Signal? in
                    guard let (group, isRotated) = signals.groups[Int(hit.entry)], !isRotated else { return nil }
                    return Signal(group: group, start: hit.start, end: hit.end)
                }, inDocument: false)
            }
            let encoding = EncodedBlob.decodeHex(characters) != nil ? "hex" : "base64"
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
