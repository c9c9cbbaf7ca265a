import AIPVersioning

/// Turns one clash — the ranges asked of one package and by whom — into a sentence a person can
/// act on: which package wants what from whom, and what actually exists.
struct ConflictWording {
    let name: String
    let clash: [ResolverSearch.Constraint]
    let candidates: [PackageCandidate]
    let request: ResolutionRequest
    let knownNames: () -> [String]

    func sentence() -> String {
        let wanted = clash.map { "\($0.range) (required by \($0.by))" }
        guard !candidates.isEmpty else {
            let asked = clash.isEmpty ? "" : " (required by \(clash.map(\.by).joined(separator: ", ")))"
            let suggestions = Self.nearest(to: name, among: knownNames())
            return "nobody publishes a package named \(name)\(asked)" +
                (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
        }
        var reasons: [String] = []
        if let pinned = request.pins[name] { reasons.append("it is pinned to \(pinned)") }
        if let locked = request.locked {
            reasons.append(locked[name].map { "the lockfile fixes it at \($0)" } ?? "the lockfile does not list it")
        }
        let inRange = candidates.filter { candidate in clash.allSatisfy { $0.range.contains(candidate.version) } }
        let incompatible = inRange.filter { $0.incompatibility != nil }
        for candidate in incompatible.prefix(2) {
            reasons.append("\(name) \(candidate.version) \(candidate.incompatibility ?? "cannot run here")")
        }
        let yanked = inRange.filter { $0.yanked && $0.incompatibility == nil }
        if !yanked.isEmpty {
            reasons.append("\(yanked.map(\.version.description).joined(separator: ", ")) \(yanked.count == 1 ? "is" : "are") yanked")
        }
        let available = candidates.prefix(8).map(\.version.description).joined(separator: ", ") + (candidates.count > 8 ? ", …" : "")
        let subject: String
        switch wanted.count {
        case 0: subject = "no version of \(name) can be used"
        case 1: subject = "no usable version of \(name) matches \(wanted[0])"
        default: subject = "no version of \(name) satisfies all of: \(wanted.joined(separator: "; "))"
        }
        return subject + (reasons.isEmpty ? "" : " — " + reasons.joined(separator: "; ")) + " (available: \(available))"
    }

    /// Up to three names within a small edit distance, closest first.
    static func nearest(to name: String, among names: [String]) -> [String] {
        let scored = names.map { ($0, distance(name, $0)) }.filter { $0.1 <= max(2, name.count / 3) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so "alpah"
    /// is one edit from "alpha".
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[x.count][y.count]
    }
}
