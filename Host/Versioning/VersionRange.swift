/// A semver range in the npm dialect most package users know:
/// `^1.2.3`, `~1.2`, `1.x`, `*`, `>=1.0.0 <2.0.0`, `1.2.3 - 2.0`, alternatives joined by `||`.
///
/// Pre-releases follow npm's rule: a version like `2.0.0-beta.1` satisfies a range only when
/// one of its comparators names a pre-release of the same MAJOR.MINOR.PATCH, so `^1.0` never
/// silently picks up a beta.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    struct Comparator: Sendable, Hashable {
        enum Operation: Sendable, Hashable { case less, lessOrEqual, greater, greaterOrEqual, equal }
        let operation: Operation
        let version: SemanticVersion

        func admits(_ candidate: SemanticVersion) -> Bool {
            switch operation {
            case .less: return candidate < version
            case .lessOrEqual: return candidate <= version
            case .greater: return candidate > version
            case .greaterOrEqual: return candidate >= version
            case .equal: return candidate == version
            }
        }
    }

    /// Alternatives (`||`), each a conjunction of comparators; an empty conjunction admits anything.
    let alternatives: [[Comparator]]
    public let text: String

    public static let any = VersionRange(alternatives: [[]], text: "*")

    init(alternatives: [[Comparator]], text: String) {
        self.alternatives = alternatives
        self.text = text
    }

    public init(parsing text: String) throws(VersionError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw VersionError("empty version range") }
        var alternatives: [[Comparator]] = []
        for alternative in trimmed.components(separatedBy: "||") {
            alternatives.append(try RangeParser.conjunction(alternative.trimmingSpaces, whole: text))
        }
        self.init(alternatives: alternatives, text: trimmed)
    }

    public var description: String { text }

    public func contains(_ version: SemanticVersion) -> Bool {
        alternatives.contains { conjunction in
            guard conjunction.allSatisfy({ $0.admits(version) }) else { return false }
            guard version.isPrerelease else { return true }
            return conjunction.contains { comparator in
                comparator.version.isPrerelease && comparator.version.major == version.major
                    && comparator.version.minor == version.minor && comparator.version.patch == version.patch
            }
        }
    }

    /// The highest of `versions` inside this range, if any.
    public func best(of versions: some Sequence<SemanticVersion>) -> SemanticVersion? {
        versions.filter(contains).max()
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) {
                return start..<index(start, offsetBy: needle.count)
            }
            start = index(after: start)
        }
        return nil
    }
}
