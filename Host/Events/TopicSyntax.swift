/// The one place that knows what a well-formed topic or pattern looks like, so that concrete topics
/// and patterns can never disagree about which characters a segment may hold.
enum TopicSyntax {
    enum Kind {
        case topic, pattern

        var noun: String { self == .topic ? "topic" : "topic pattern" }
    }

    /// Splits `text` on '.' and checks every segment; the error names the text and the segment.
    static func parse(_ text: String, as kind: Kind) throws(EventBusError) -> [TopicSegment] {
        func refuse(_ reason: String) -> EventBusError {
            EventBusError("invalid \(kind.noun) '\(text)': \(reason)")
        }
        guard !text.isEmpty else { throw refuse("it is empty") }
        var segments: [TopicSegment] = []
        for (index, piece) in text.split(separator: ".", omittingEmptySubsequences: false).enumerated() {
            let position = index + 1
            switch piece {
            case "":
                throw refuse("segment \(position) is empty (leading, trailing or doubled '.')")
            case "*", "#":
                guard kind == .pattern else {
                    throw refuse("wildcard '\(piece)' in segment \(position); a concrete topic has no wildcards")
                }
                segments.append(piece == "*" ? .anyOne : .anyMany)
            default:
                if let bad = piece.unicodeScalars.first(where: { !isSegmentScalar($0) }) {
                    throw refuse(describeBad(bad, in: piece, at: position, kind: kind))
                }
                segments.append(.literal(String(piece)))
            }
        }
        return segments
    }

    static func isSegmentScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private static func describeBad(_ scalar: Unicode.Scalar, in piece: Substring, at position: Int, kind: Kind) -> String {
        if kind == .pattern && (scalar == "*" || scalar == "#") {
            return "segment \(position) '\(piece)' mixes '\(scalar)' with other characters; a wildcard must be a whole segment"
        }
        return "segment \(position) '\(piece)' contains '\(scalar.escaped(asASCII: true))'; "
            + "allowed are A-Z a-z 0-9 '_' '-'" + (kind == .pattern ? ", or a whole-segment '*' or '#'" : "")
    }
}
