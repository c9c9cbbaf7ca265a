/// Length limits: characters (Unicode scalars), UTF-8 bytes, estimated tokens and lines.
public struct LengthLimits: Sendable, Equatable {
    public var maxCharacters: Int?
    public var maxBytes: Int?
    public var maxTokens: Int?
    public var maxLines: Int?

    public init(maxCharacters: Int? = nil, maxBytes: Int? = nil, maxTokens: Int? = nil, maxLines: Int? = nil) {
        self.maxCharacters = maxCharacters
        self.maxBytes = maxBytes
        self.maxTokens = maxTokens
        self.maxLines = maxLines
    }
}

/// What the length rule measures, in one pass.
public struct TextMeasure: Sendable, Equatable {
    public var characters = 0
    public var bytes = 0
    /// A BPE-like estimate: a Latin word costs one token per four letters (rounded up), every
    /// other non-space character (punctuation, CJK ideographs, emoji) one token.
    public var tokens = 0
    public var lines = 0

    public init(_ text: UnsafeBufferPointer<UInt8>) {
        bytes = text.count
        lines = text.isEmpty ? 0 : 1
        var wordLength = 0
        for byte in text {
            if byte & 0xC0 != 0x80 { characters += 1 }
            if byte.isLetterOrDigit {
                wordLength += 1
                continue
            }
            if wordLength > 0 { tokens += (wordLength + 3) / 4; wordLength = 0 }
            if byte == 0x0A { lines += 1 }
            else if byte >= 0xC0 || (byte > 0x20 && byte < 0x80) { tokens += 1 }
        }
        if wordLength > 0 { tokens += (wordLength + 3) / 4 }
    }

    /// Findings for `text` under `limits`. Characters, tokens and lines never exceed the byte
    /// count (plus one line), so a text whose size is within every limit is not measured at all.
    static func findings(_ text: UnsafeBufferPointer<UInt8>, _ limits: LengthLimits) -> [RawFinding] {
        let bound = text.count
        if bound <= limits.maxCharacters ?? .max, bound <= limits.maxBytes ?? .max, bound <= limits.maxTokens ?? .max,
           bound + 1 <= limits.maxLines ?? .max {
            return []
        }
        return TextMeasure(text).findings(limits)
    }

    func findings(_ limits: LengthLimits) -> [RawFinding] {
        var findings: [RawFinding] = []
        func check(_ value: Int, _ limit: Int?, _ category: String, _ unit: String) {
            guard let limit, value > limit else { return }
            findings.append(.whole(.length, category, score: 1, reason: "\(value) \(unit) exceeds the limit of \(limit)"))
        }
        check(characters, limits.maxCharacters, "characters", "characters")
        check(bytes, limits.maxBytes, "bytes", "bytes")
        check(tokens, limits.maxTokens, "tokens", "estimated tokens")
        check(lines, limits.maxLines, "lines", "lines")
        return findings
    }
}
