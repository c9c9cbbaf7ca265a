import Foundation

/// A compiled "pattern"/"patternProperties" regular expression.
///
/// NSRegularExpression is immutable once built and documented as safe to share between threads;
/// `@unchecked` only bridges SDKs that do not yet declare it `Sendable`.
struct SchemaPattern: @unchecked Sendable {
    let source: String
    private let expression: NSRegularExpression

    init?(_ source: String) {
        guard let expression = try? NSRegularExpression(pattern: source) else { return nil }
        self.source = source
        self.expression = expression
    }

    /// JSON Schema patterns are unanchored: a match anywhere in the string counts.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
