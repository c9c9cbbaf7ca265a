/// The jailbreak rule's character-level checks in one pass over the bytes, with one table load
/// per byte: runs of base64 or hex characters long enough to hide an instruction; characters
/// that hide text from people but not from models (Unicode tag characters used to smuggle
/// ASCII, direction overrides, runs of zero-width characters); control tokens of chat templates
/// (`<|im_start|>`, `[INST]`, `<<SYS>>`, `### System:`) that try to open a new turn.
struct CharacterScan {
    /// At most `maximumRuns` runs of at least `EncodedBlob.minimumLength` characters.
    private(set) var encodedRuns: [(start: Int, end: Int)] = []
    private(set) var findings: [RawFinding] = []

    static let maximumRuns = 32
    static let templateTokens: [StaticString] = ["<|im_start|>", "<|im_end|>", "<|system|>", "<|user|>", "<|assistant|>", "<|endoftext|>",
                                                 "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "### system:", "### instruction:", "</s><s>"]

    private enum Class {
        // Computed, not stored: stored statics are lazily initialised globals checked on every read.
        @inline(__always) static var continuesRun: UInt8 { 1 }
        @inline(__always) static var startsRun: UInt8 { 2 }
        @inline(__always) static var maybeInvisible: UInt8 { 4 }
        @inline(__always) static var maybeTemplate: UInt8 { 8 }
        /// The top four bits: how far to step past a byte that is none of the above (a lead
        /// byte's whole scalar, so an ideograph costs one iteration instead of three).
        @inline(__always) static var stepShift: UInt8 { 4 }
    }

    /// Letters, digits, `+ /` start a run, `= - _` continue one; E2, EF and F3 lead the invisible
    /// characters; `< [ #` start template tokens; the top bits hold the byte's scalar length.
    private static let classes: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        var bits: UInt8 = 0
        if byte.isBase64Byte { bits |= Class.continuesRun }
        if byte.isLetterOrDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") { bits |= Class.startsRun }
        if byte == 0xE2 || byte == 0xEF || byte == 0xF3 { bits |= Class.maybeInvisible }
        if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "#") { bits |= Class.maybeTemplate }
        let step: UInt8 = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return bits | step << Class.stepShift
    }

    init(_ text: UnsafeBufferPointer<UInt8>) {
        var tags = 0, bidi = 0, zeroWidth = 0
        var firstTag = -1, firstBidi = -1, firstZeroWidth = -1
        var template: (start: Int, length: Int)?
        let count = text.count
        guard let bytes = text.baseAddress else { return }
        Self.classes.withUnsafeBufferPointer { classTable in
            let classes = classTable.baseAddress!
            var index = 0
            while index < count {
                var bits = classes[Int(bytes[index])]
                if bits & Class.continuesRun != 0 {
                    // `=`, `-`, `_` only continue a run.
                    guard bits & Class.startsRun != 0 else { index += 1; continue }
                    // A whole run in a tight loop: one table load and test per byte.
                    let runStart = index
                    index += 1
                    while index < count, classes[Int(bytes[index])] & Class.continuesRun != 0 { index += 1 }
                    if index - runStart >= EncodedBlob.minimumLength, encodedRuns.count < Self.maximumRuns {
                        encodedRuns.append((runStart, index))
                    }
                    guard index < count else { break }
                    bits = classes[Int(bytes[index])]
                }
                // A byte outside every run: most (spaces, punctuation, ideographs) are nothing here,
                // and the text is valid UTF-8, so a lead byte's continuation bytes can be stepped over.
                guard bits & (Class.maybeTemplate | Class.maybeInvisible) != 0 else { index += Int(bits >> Class.stepShift); continue }
                if bits & Class.maybeTemplate != 0, template == nil,
                   let token = Self.templateTokens.first(where: { text.hasASCII($0, at: index, caseInsensitive: true) }) {
                    template = (index, token.utf8CodeUnitCount)
                }
                guard bits & Class.maybeInvisible != 0 else { index += 1; continue }
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
        }
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
        if let template {
            findings.append(RawFinding(rule: .jailbreak, category: "chat_template_injection", start: template.start,
                                       end: template.start + template.length, score: 0.8, reason: "chat-template control tokens in the text"))
        }
    }
}
