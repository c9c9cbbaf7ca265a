/// Turns the textual forms of a range (`^`, `~`, x-ranges, hyphen ranges) into plain comparators.
enum RangeParser {
    typealias Comparator = VersionRange.Comparator

    /// A version with some parts left open (`1`, `1.2`, `1.x`, `*`).
    struct Partial {
        var major: Int?
        var minor: Int?
        var patch: Int?
        var prerelease: [String] = []

        var floor: SemanticVersion {
            SemanticVersion(major: major ?? 0, minor: minor ?? 0, patch: patch ?? 0, prerelease: prerelease)
        }
    }

    static func conjunction(_ text: String, whole: String) throws(VersionError) -> [Comparator] {
        let words = normalisedWords(text)
        if words.isEmpty { return [] }
        if words.count == 3, words[1] == "-" {
            return try hyphen(from: words[0], to: words[2], whole: whole)
        }
        var result: [Comparator] = []
        for word in words {
            result += try comparators(for: word, whole: whole)
        }
        return result
    }

    /// Splits on spaces while gluing an operator to the version after it (`>= 1.0` → `>=1.0`).
    private static func normalisedWords(_ text: String) -> [String] {
        var words: [String] = []
        var pendingOperator = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if ["<", "<=", ">", ">=", "=", "^", "~", "~>"].contains(word) {
                pendingOperator = word
            } else {
                words.append(pendingOperator + word)
                pendingOperator = ""
            }
        }
        if !pendingOperator.isEmpty { words.append(pendingOperator) }
        return words
    }

    private static func hyphen(from low: String, to high: String, whole: String) throws(VersionError) -> [Comparator] {
        let lower = try partial(low, whole: whole)
        let upper = try partial(high, whole: whole)
        var result = [Comparator(operation: .greaterOrEqual, version: lower.floor)]
        if let major = upper.major {
            if let minor = upper.minor {
                if upper.patch != nil {
                    result.append(Comparator(operation: .lessOrEqual, version: upper.floor))
                } else {
                    result.append(Comparator(operation: .less, version: SemanticVersion(major: major, minor: minor + 1, patch: 0, prerelease: ["0"])))
                }
            } else {
                result.append(Comparator(operation: .less, version: SemanticVersion(major: major + 1, minor: 0, patch: 0, prerelease: ["0"])))
            }
        }
        return result
    }

    private static func comparators(for word: String, whole: String) throws(VersionError) -> [Comparator] {
        for (prefix, operation) in [("<=", Comparator.Operation.lessOrEqual), (">=", .greaterOrEqual), ("<", .less), (">", .greater)] where word.hasPrefix(prefix) {
            return try bounded(operation, try partial(String(word.dropFirst(prefix.count)), whole: whole))
        }
        if word.hasPrefix("^") { return try caret(try partial(String(word.dropFirst()), whole: whole)) }
        if word.hasPrefix("~>") { return tilde(try partial(String(word.dropFirst(2)), whole: whole)) }
        if word.hasPrefix("~") { return tilde(try partial(String(word.dropFirst()), whole: whole)) }
        let body = word.hasPrefix("=") ? String(word.dropFirst()) : word
        return exactOrWildcard(try partial(body, whole: whole))
    }

    private static func bounded(_ operation: Comparator.Operation, _ p: Partial) throws(VersionError) -> [Comparator] {
        guard let major = p.major else {
            // `>=*` admits everything; `<*` admits nothing.
            return operation == .less || operation == .greater ? [Comparator(operation: .less, version: SemanticVersion(major: 0, minor: 0, patch: 0, prerelease: ["0"]))] : []
        }
        if p.minor != nil, p.patch != nil { return [Comparator(operation: operation, version: p.floor)] }
        // A partial bound means the whole block it names: `<=1.2` is `<1.3.0-0`, `>1.2` is `>=1.3.0`.
        let nextBlock = p.minor.map { SemanticVersion(major: major, minor: $0 + 1, patch: 0) }
            ?? SemanticVersion(major: major + 1, minor: 0, patch: 0)
        switch operation {
        case .less: return [Comparator(operation: .less, version: p.floor.withPrerelease(["0"]))]
        case .greaterOrEqual: return [Comparator(operation: .greaterOrEqual, version: p.floor)]
        case .lessOrEqual: return [Comparator(operation: .less, version: nextBlock.withPrerelease(["0"]))]
        case .greater: return [Comparator(operation: .greaterOrEqual, version: nextBlock)]
        case .equal: return exactOrWildcard(p)
        }
    }

    private static func caret(_ p: Partial) throws(VersionError) -> [Comparator] {
        guard let major = p.major else { return [] }
        let low = Comparator(operation: .greaterOrEqual, version: p.floor)
        let high: SemanticVersion
        if major > 0 || p.minor == nil {
            high = SemanticVersion(major: major + 1, minor: 0, patch: 0, prerelease: ["0"])
        } else if let minor = p.minor, minor > 0 || p.patch == nil {
            high = SemanticVersion(major: 0, minor: minor + 1, patch: 0, prerelease: ["0"])
        } else {
            high = SemanticVersion(major: 0, minor: 0, patch: (p.patch ?? 0) + 1, prerelease: ["0"])
        }
        return [low, Comparator(operation: .less, version: high)]
    }

    private static func tilde(_ p: Partial) -> [Comparator] {
        guard let major = p.major else { return [] }
        let high = p.minor.map { SemanticVersion(major: major, minor: $0 + 1, patch: 0, prerelease: ["0"]) }
            ?? SemanticVersion(major: major + 1, minor: 0, patch: 0, prerelease: ["0"])
        return [Comparator(operation: .greaterOrEqual, version: p.floor), Comparator(operation: .less, version: high)]
    }

    private static func exactOrWildcard(_ p: Partial) -> [Comparator] {
        guard let major = p.major else { return [] }
        guard let minor = p.minor else {
            return [Comparator(operation: .greaterOrEqual, version: p.floor),
                    Comparator(operation: .less, version: SemanticVersion(major: major + 1, minor: 0, patch: 0, prerelease: ["0"]))]
        }
        guard p.patch != nil else {
            return [Comparator(operation: .greaterOrEqual, version: p.floor),
                    Comparator(operation: .less, version: SemanticVersion(major: major, minor: minor + 1, patch: 0, prerelease: ["0"]))]
        }
        return [Comparator(operation: .equal, version: p.floor)]
    }

    static func partial(_ text: String, whole: String) throws(VersionError) -> Partial {
        var body = Substring(text.hasPrefix("v") ? String(text.dropFirst()) : text)
        if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
        var prerelease: [String] = []
        if let dash = body.firstIndex(of: "-") {
            prerelease = body[body.index(after: dash)...].split(separator: ".").map(String.init)
            body = body[..<dash]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 3 else {
            throw VersionError("'\(whole)' is not a version range: cannot read '\(text)'")
        }
        var numbers: [Int?] = []
        var sawWildcard = false
        for part in parts {
            if ["x", "X", "*"].contains(part) {
                sawWildcard = true
                numbers.append(nil)
            } else if let value = Int(part), value >= 0, !sawWildcard {
                numbers.append(value)
            } else {
                throw VersionError("'\(whole)' is not a version range: '\(part)' in '\(text)' is not a number or x")
            }
        }
        while numbers.count < 3 { numbers.append(nil) }
        return Partial(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: numbers[2] == nil ? [] : prerelease)
    }
}

extension SemanticVersion {
    func withPrerelease(_ identifiers: [String]) -> SemanticVersion {
        SemanticVersion(major: major, minor: minor, patch: patch, prerelease: identifiers)
    }
}
