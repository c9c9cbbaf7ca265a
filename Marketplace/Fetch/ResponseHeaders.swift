/// The few response headers a resumable download needs, from the last response of a redirect chain.
struct ResponseHeaders: Equatable {
    struct ContentRange: Equatable {
        var first: Int64
        var total: Int64?
    }

    var contentRange: ContentRange?
    /// A strong ETag, else Last-Modified: what `If-Range` may quote to resume the same content.
    var validator: String?
    var retryAfter: Duration?

    /// Feeds one raw header line (with or without CRLF). A status line starts a new response.
    mutating func consume(_ rawLine: String) {
        let line = rawLine.droppingTrailing(while: { $0.isNewline })
        if line.hasPrefix("HTTP/") {
            self = ResponseHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
            .droppingTrailing(while: { $0 == " " || $0 == "\t" })
        switch name {
        case "content-range": contentRange = Self.parseContentRange(value)
        case "etag" where !value.hasPrefix("W/"): validator = String(value)
        case "last-modified" where validator == nil: validator = String(value)
        case "retry-after": retryAfter = Int(value).map { .seconds($0) }
        default: break
        }
    }

    /// `bytes FIRST-LAST/TOTAL` or `bytes FIRST-LAST/*`.
    static func parseContentRange(_ value: Substring) -> ContentRange? {
        guard value.hasPrefix("bytes ") else { return nil }
        let spec = value.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-"), let slash = spec.firstIndex(of: "/"), dash < slash,
              let first = Int64(spec[..<dash]) else { return nil }
        let totalText = spec[spec.index(after: slash)...]
        return ContentRange(first: first, total: totalText == "*" ? nil : Int64(totalText))
    }
}

extension StringProtocol {
    func droppingTrailing(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
