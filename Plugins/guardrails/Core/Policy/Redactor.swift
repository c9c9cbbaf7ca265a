/// Replaces the spans of `redact` findings: masks, per-process hash tags, or numbered
/// placeholders whose originals go to the vault.
struct Redactor {
    struct Span {
        var start: Int
        var end: Int
        var category: String
        var style: RedactionStyle
    }

    /// The redacted text and the placeholder → original map (empty unless placeholders were used).
    static func redact(_ text: UnsafeBufferPointer<UInt8>, spans: [Span]) -> (text: String, originals: [String: String]) {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var originals: [String: String] = [:]
        var placeholderOf: [String: String] = [:]
        var counters: [String: Int] = [:]
        var position = 0
        for span in merged(spans) {
            output += text[position..<span.start]
            let original = String(decoding: text[span.start..<span.end], as: UTF8.self)
            let tag = span.category.uppercased()
            switch span.style {
            case .mask:
                output += [UInt8](repeating: UInt8(ascii: "*"), count: original.unicodeScalars.count)
            case .hash:
                var hasher = Hasher()
                hasher.combine(original)
                let digest = UInt32(truncatingIfNeeded: hasher.finalize())
                output += Array("[\(tag):\(String(digest, radix: 16))]".utf8)
            case .placeholder:
                let placeholder = placeholderOf[original] ?? {
                    counters[tag, default: 0] += 1
                    let made = "[\(tag)_\(counters[tag]!)]"
                    placeholderOf[original] = made
                    originals[made] = original
                    return made
                }()
                output += Array(placeholder.utf8)
            }
            position = span.end
        }
        output += text[position...]
        return (String(decoding: output, as: UTF8.self), originals)
    }

    /// Sorted, overlapping spans merged (the first span's category and style win).
    private static func merged(_ spans: [Span]) -> [Span] {
        var result: [Span] = []
        for span in spans.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) {
            if let last = result.last, span.start < last.end {
                result[result.count - 1].end = max(last.end, span.end)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
