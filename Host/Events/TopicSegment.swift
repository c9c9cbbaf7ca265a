/// One dot-separated piece of a topic or a topic pattern.
enum TopicSegment: Hashable, Sendable {
    case literal(String)
    /// `*`: exactly one segment.
    case anyOne
    /// `#`: zero or more segments.
    case anyMany
}

extension TopicSegment {
    var literalText: String? {
        if case .literal(let text) = self { return text }
        return nil
    }
}
