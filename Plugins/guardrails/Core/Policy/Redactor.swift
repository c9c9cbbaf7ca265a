/// Replaces the spans of `redact` findings: masks, per-process hash tags, or numbered
/// placeholders whose originals go to the vault.
///
/// Written into one byte buffer, the unchanged stretches copied in bulk: a check with two
/// redactions used to spend more on copying byte by byte, string interpolation and three small
/// dictionaries than on the rest of its PII work.
struct Redactor {
    struct Span {
        var start: Int
        var end: Int
        var category: String
        var style: RedactionStyle
    }

    /// The redacted text and each new placeholder with its original, in order (empty unless
    /// placeholders were used): a list, not a dictionary, since the vault only ever walks it.
    /// `source`, when the caller has it, is `text` as a String: the unchanged stretches are then
    /// sliced out of it instead of validated again as UTF-8 (a third of the cost for 1 KB).
    static func redact(_ text: UnsafeBufferPointer<UInt8>, spans: [Span], source: String? = nil) -> (text: String, originals: [Vault.Original]) {
        // Spans arrive sorted and apart (the engine sorts findings by start): merging then only
        // checks that, without sorting a copy.
        let spans = isSortedAndApart(spans) ? spans : merged(spans)
        // All replacement bytes one after another; `replaced` says which span each range of them
        // replaces, and whether it introduced a placeholder (rather than repeating an earlier one).
        var output: [UInt8] = []
        output.reserveCapacity(24 * spans.count)
        var replaced: [Replacement] = []
        replaced.reserveCapacity(spans.count)
        var originals: [Vault.Original] = []
        if spans.contains(where: { $0.style == .placeholder }) { originals.reserveCapacity(spans.count) }
        for (position, span) in spans.enumerated() {
            let replacementStart = output.count
            var newPlaceholder = false
            defer { replaced.append((span.start..<span.end, replacementStart..<output.count, newPlaceholder)) }
            // The category upper-cased, written straight into the output: copied in one go and
            // upper-cased in place (appending byte by byte checked capacity at every byte).
            func appendTag() {
                let tagStart = output.count
                output.append(contentsOf: span.category.utf8)
                for index in tagStart..<output.count where output[index] &- 0x61 < 26 { output[index] &-= 0x20 }
            }
            switch span.style {
            case .mask:
                var scalars = 0
                for byte in text[span.start..<span.end] where byte & 0xC0 != 0x80 { scalars += 1 }
                output += repeatElement(UInt8(ascii: "*"), count: scalars)
            case .hash:
                var hasher = Hasher()
                hasher.combine(String(decoding: text[span.start..<span.end], as: UTF8.self))
                let digest = UInt32(truncatingIfNeeded: hasher.finalize())
                output.append(UInt8(ascii: "["))
                appendTag()
                output.append(UInt8(ascii: ":"))
                output += String(digest, radix: 16).utf8
                output.append(UInt8(ascii: "]"))
            case .placeholder:
                let original = text[span.start..<span.end]
                // The same value as an earlier placeholder span gets its placeholder again.
                if let earlier = replaced.indices.first(where: { spans[$0].style == .placeholder && replaced[$0].span.count == original.count
                                                                 && text[replaced[$0].span].elementsEqual(original) }) {
                    for index in replaced[earlier].replacement { output.append(output[index]) }
                } else {
                    // Numbered per category in order of first appearance.
                    var number = 1
                    for index in 0..<position where replaced[index].newPlaceholder && spans[index].category == span.category { number += 1 }
                    let start = output.count
                    output.append(UInt8(ascii: "["))
                    appendTag()
                    output.append(UInt8(ascii: "_"))
                    appendDecimal(number, to: &output)
                    output.append(UInt8(ascii: "]"))
                    newPlaceholder = true
                    originals.append((String(decoding: output[start...], as: UTF8.self), String(decoding: original, as: UTF8.self)))
                }
            }
        }
        return (assemble(text, replaced, output, source: source), originals)
    }

    /// `text` with each span replaced by its replacement bytes (ASCII).
    /// A span of the text, the range of `output` that replaces it, and whether that is a new placeholder.
    private typealias Replacement = (span: Range<Int>, replacement: Range<Int>, newPlaceholder: Bool)

    private static func assemble(_ text: UnsafeBufferPointer<UInt8>, _ replaced: [Replacement],
                                 _ replacements: [UInt8], source: String?) -> String {
        if let source, source.utf8.count == text.count {
            var result = ""
            result.reserveCapacity(text.count + replacements.count)
            let utf8 = source.utf8
            var position = 0
            func appendSource(_ range: Range<Int>) {
                let slice = utf8[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
                result += Substring(slice) // spans start and end on scalar boundaries
            }
            for (span, replacement, _) in replaced {
                appendSource(position..<span.lowerBound)
                result += String(decoding: replacements[replacement], as: UTF8.self)
                position = span.upperBound
            }
            appendSource(position..<text.count)
            return result
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.count + replacements.count)
        var position = 0
        for (span, replacement, _) in replaced {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<span.lowerBound]))
            output += replacements[replacement]
            position = span.upperBound
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position...]))
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &output) }
        output.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Whether `merged(spans)` would return `spans` unchanged: ascending starts, none overlapping.
    private static func isSortedAndApart(_ spans: [Span]) -> Bool {
        for index in spans.indices.dropFirst() where spans[index].start <= spans[index - 1].start || spans[index].start < spans[index - 1].end {
            return false
        }
        return true
    }

    /// Sorted, overlapping spans merged (the first span's category and style win).
    private static func merged(_ spans: [Span]) -> [Span] {
        var result: [Span] = []
        result.reserveCapacity(spans.count)
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
