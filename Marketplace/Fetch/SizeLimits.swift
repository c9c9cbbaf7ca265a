/// The sizes a body must respect, checked against the announced size before the first byte is
/// written and against the running count while writing.
struct SizeLimits {
    let url: String
    let maxSize: Int64
    let expectedSize: Int64?

    /// The most bytes the sink may ever hold.
    var ceiling: Int64 { min(maxSize, expectedSize ?? maxSize) }

    /// Why a body of `total` bytes (announced, or reached so far) is refused, if it is.
    func refusal(total: Int64, isFinal: Bool) -> FetchError? {
        if let expectedSize, total > expectedSize || (isFinal && total != expectedSize) {
            return .sizeMismatch(url: url, expected: expectedSize, got: total)
        }
        if total > maxSize { return .tooLarge(url: url, limit: maxSize) }
        return nil
    }
}
