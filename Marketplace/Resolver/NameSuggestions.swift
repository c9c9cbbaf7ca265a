/// "Did you mean …?" for a package name nobody publishes.
enum NameSuggestions {
    /// Up to `limit` known names closest to `name`: a small edit distance (transpositions count
    /// as one edit) or one name containing the other, ignoring case. Nearest first, then by name.
    static func nearest(to name: String, among known: [String], limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let wanted = Array(lowered)
        let budget = max(1, min(3, wanted.count / 3))
        var scored: [(distance: Int, name: String)] = []
        for candidate in known where candidate != name {
            let otherLowered = candidate.lowercased()
            let other = Array(otherLowered)
            let lengthGap = abs(other.count - wanted.count)
            var distance: Int?
            if lengthGap <= budget {
                let edits = editDistance(wanted, other)
                if edits <= budget { distance = edits }
            }
            if distance == nil, min(wanted.count, other.count) >= 3,
               otherLowered.contains(lowered) || lowered.contains(otherLowered) {
                distance = lengthGap
            }
            if let distance { scored.append((distance, candidate)) }
        }
        return scored.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
            .prefix(limit).map(\.name)
    }

    /// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring).
    static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var beforePrevious = [Int](repeating: 0, count: right.count + 1)
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[right.count]
    }
}
