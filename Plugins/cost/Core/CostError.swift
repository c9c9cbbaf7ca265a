/// Every way a cost operation can be refused, each naming the field, model or file at fault.
public enum CostError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request field is missing or out of range.
    case invalidField(String, String)
    /// No catalogue entry matches; `nearest` lists the closest known names.
    case unknownModel(model: String, provider: String?, nearest: [String])
    /// The model is known, but none of its prices is effective on that day.
    case noPriceEffective(model: String, day: Day, earliest: Day)
    /// A price file that cannot be imported; `line` is 1-based.
    case malformedPriceFile(source: String, line: Int, field: String, reason: String)
    case notFound(String)
    /// The ledger file refused a write (disk full, size limit, read-only file); nothing of the
    /// operation was stored.
    case storage(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidField(let field, let reason):
            return "\(field): \(reason)"
        case .unknownModel(let model, let provider, let nearest):
            let who = provider.map { "model '\(model)' of provider '\($0)'" } ?? "model '\(model)'"
            let hint = nearest.isEmpty ? "" : "; nearest known: " + nearest.joined(separator: ", ")
            return "unknown \(who) (not in the price catalogue)\(hint)"
        case .noPriceEffective(let model, let day, let earliest):
            return "no price of '\(model)' is effective on \(day); its earliest price starts \(earliest)"
        case .malformedPriceFile(let source, let line, let field, let reason):
            return "\(source):\(line): \(field): \(reason)"
        case .notFound(let what):
            return what
        case .storage(let path, let reason):
            return "cost ledger \(path): \(reason); nothing of this write was stored"
        }
    }
}
