/// The jailbreak rule's character-level checks: runs of base64 or hex characters long enough to
/// hide an instruction; characters that hide text from people but not from models (Unicode tag
/// characters used to smuggle ASCII, direction overrides, runs of zero-width characters); control
/// tokens of chat templates (`<|im_start|>`, `[INST]`, `<<SYS>>`, `### System:`) that try to open
/// a new turn.
///
/// Neither check needs every byte. A run must be `EncodedBlob.minimumLength` long, so the run
/// search probes one byte per that many and looks around only a probe that lands in a run (in
/// prose: a word). The other checks look for six byte values (`< [ #`, and E2, EF, F3, which lead
/// the invisible characters), found eight bytes at a time.
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

    /// The high bit of the first byte of `chunk` (lowest first) equal to `value`, and maybe of
    /// bytes after it (a borrow from an equal byte can flag the next one), but of no byte before
    /// it: enough to find the first, in three operations instead of five.
    @inline(__always)
    private static func firstByte(of chunk: UInt64, equalTo value: UInt8) -> UInt64 {
        let differences = chunk ^ (UInt64(value) &* 0x0101_0101_0101_0101)
        return (differences &- 0x0101_0101_0101_0101) & ~differences
    }

    init(_ text: UnsafeBufferPointer<UInt8>) {
        guard let bytes = text.baseAddress else { return }
        Self.classes.withUnsafeBufferPointer { classTable in
            let classes = classTable.baseAddress!
            findRuns(bytes, text.count, classes)
            findMarks(text, classes)
        }
    }

    /// Every maximal block of run bytes whose run (from its first byte that may start one) is
    /// long enough. Before each probe no block reaches back past `position`, so a block that
    /// long contains `position + minimumLength - 1` when it starts at or after `position`.
    private mutating func findRuns(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ classes: UnsafePointer<UInt8>) {
        let span = EncodedBlob.minimumLength - 1
        var position = 0
        while position + span < count {
            let probe = position + span
            guard classes[Int(bytes[probe])] & Class.continuesRun != 0 else {
                position = probe + 1
                continue
            }
            var blockStart = probe
            while blockStart > position, classes[Int(bytes[blockStart - 1])] & Class.continuesRun != 0 { blockStart -= 1 }
            var blockEnd = probe + 1
            while blockEnd < count, classes[Int(bytes[blockEnd])] & Class.continuesRun != 0 { blockEnd += 1 }
            // `=`, `-`, `_` only continue a run.
            var runStart = blockStart
            while runStart < blockEnd, classes[Int(bytes[runStart])] & Class.startsRun == 0 { runStart += 1 }
            if blockEnd - runStart >= EncodedBlob.minimumLength, encodedRuns.count < Self.maximumRuns {
                encodedRuns.append((runStart, blockEnd))
            }
            position = blockEnd + 1 // the byte at blockEnd is not a run byte
        }
    }

    /// Template tokens and invisible characters.
    private mutating func findMarks(_ text: UnsafeBufferPointer<UInt8>, _ classes: UnsafePointer<UInt8>) {
        let bytes = text.baseAddress!
        let count = text.count
        var tags = 0, bidi = 0, zeroWidth = 0
        var firstTag = -1, firstBidi = -1, firstZeroWidth = -1
        var template: (start: Int, length: Int)?
        var index = 0
        while index < count {
            // Eight ASCII bytes none of which is `<`, `[` or `#` are passed over at once.
            if index + 8 <= count {
                let chunk = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                // Only the lowest flagged byte counts, and it is a real one (see `firstByte`).
                let marks = (chunk | Self.firstByte(of: chunk, equalTo: UInt8(ascii: "<"))
                    | Self.firstByte(of: chunk, equalTo: UInt8(ascii: "[")) | Self.firstByte(of: chunk, equalTo: UInt8(ascii: "#")))
                    & 0x8080_8080_8080_8080
                if marks == 0 {
                    index += 8
                    continue
                }
                index += marks.trailingZeroBitCount >> 3
            }
            // Then scalar by scalar while the text is not ASCII (an ideograph is one table load).
            repeat {
                let bits = classes[Int(bytes[index])]
                guard bits & (Class.maybeTemplate | Class.maybeInvisible) != 0 else {
                    index += Int(bits >> Class.stepShift)
                    continue
                }
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
            } while index < count && bytes[index] >= 0x80
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
