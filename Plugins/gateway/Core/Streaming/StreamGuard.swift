/// Checks streamed output incrementally so that a blocked phrase never reaches the client.
///
/// The text so far is checked every `checkEvery` characters (Unicode scalars); the last
/// `holdback` characters are kept back until the next check or the end, so a phrase shorter than
/// the hold-back is caught before any of it is released. With a redacting verdict the released
/// text is taken from the redacted text, which keeps its prefix as the stream grows.
public struct StreamGuard {
    public typealias Check = (String) throws(GatewayError) -> GuardVerdict?

    let holdback: Int
    let checkEvery: Int
    private let check: Check
    private var original: [Unicode.Scalar] = []
    private var uncheckedCount = 0
    /// What has been sent, as scalars of the (possibly redacted) text.
    private var released: [Unicode.Scalar] = []

    public init(holdback: Int = 64, checkEvery: Int = 48, check: @escaping Check) {
        self.holdback = max(holdback, 0)
        self.checkEvery = max(checkEvery, 1)
        self.check = check
    }

    /// Adds streamed text; answers what may be sent now (often empty).
    public mutating func append(_ text: String) throws(GatewayError) -> String {
        original.append(contentsOf: text.unicodeScalars)
        uncheckedCount += text.unicodeScalars.count
        guard uncheckedCount >= checkEvery else { return "" }
        return try release(final: false)
    }

    /// The stream ended: checks everything and answers the rest.
    public mutating func finish() throws(GatewayError) -> String {
        try release(final: true)
    }

    private mutating func release(final: Bool) throws(GatewayError) -> String {
        uncheckedCount = 0
        let text = String(String.UnicodeScalarView(original))
        var visible = original
        if let verdict = try check(text) {
            if verdict.blocks { throw .contentBlocked("output", policy: verdict.policy, categories: verdict.categories) }
            if verdict.redacts, let redactedText = verdict.redactedText {
                visible = Array(redactedText.unicodeScalars)
            }
        }
        let end = final ? visible.count : max(visible.count - holdback, 0)
        // Only what extends the released prefix is sent; a redaction that rewrites text already
        // released (a span longer than the hold-back) cannot be taken back.
        var common = 0
        while common < released.count, common < visible.count, released[common] == visible[common] { common += 1 }
        let start = max(common, released.count)
        guard end > start else { return "" }
        let piece = visible[start..<end]
        released.append(contentsOf: piece)
        return String(String.UnicodeScalarView(piece))
    }
}
