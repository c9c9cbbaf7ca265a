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

    /// The redacted text and the placeholder → original map (empty unless placeholders were used).
    /// `source`, when the caller has it, is `text` as a String: the unchanged stretches are then
    /// sliced out of it instead of validated again as UTF-8 (a third of the cost for 1 KB).
    static func redact(_ text: UnsafeBufferPointer<UInt8>, spans: [Span], source: String? = nil) -> (text: String, originals: [String: String]) {
        // All replacement bytes one after another; `replaced` says which span each range of them replaces.
        var output: [UInt8] = []
        output.reserveCapacity(24 * spans.count)
        var replaced: [(span: Range<Int>, replacement: Range<Int>)] = []
        replaced.reserveCapacity(spans.count)
        // Sized once: grown from empty, the second placeholder rehashed the first.
        var originals: [String: String] = spans.contains { $0.style == .placeholder } ? Dictionary(minimumCapacity: spans.count) : [:]
        // Placeholders given so far (few per text): where the original is, and the placeholder.
        var given: [(original: Range<Int>, placeholder: String)] = []
        var counters: [(category: String, count: Int)] = []
        for span in merged(spans) {
            let replacementStart = output.count
            defer { replaced.append((span.start..<span.end, replacementStart..<output.count)) }
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
                if let earlier = given.first(where: { $0.original.count == original.count && text[$0.original].elementsEqual(original) }) {
                    output += earlier.placeholder.utf8
                } else {
                    let number: Int
                    if let slot = counters.firstIndex(where: { $0.category == span.category }) {
                        counters[slot].count += 1
                        number = counters[slot].count
                    } else {
                        counters.append((span.category, 1))
                        number = 1
                    }
                    let start = output.count
                    output.append(UInt8(ascii: "["))
                    appendTag()
                    output.append(UInt8(ascii: "_"))
                    appendDecimal(number, to: &output)
                    output.append(UInt8(ascii: "]"))
                    let placeholder = String(decoding: output[start...], as: UTF8.self)
                    given.append((span.start..<span.end, placeholder))
                    originals[placeholder] = String(decoding: original, as: UTF8.self)
                }
            }
        }
        return (assemble(text, replaced, output, source: source), originals)
    }

    /// `text` with each span replaced by its replacement bytes (ASCII).
    private static func assemble(_ text: UnsafeBufferPointer<UInt8>, _ replaced: [(span: Range<Int>, replacement: Range<Int>)],
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
            for (span, replacement) in replaced {
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
        for (span, replacement) in replaced {
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
