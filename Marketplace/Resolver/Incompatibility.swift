import AIPVersioning

/// "`package` is in one of the states of `set`."
struct Term: Hashable {
    let package: Int
    let set: VersionSet
}

/// Why an incompatibility holds: a fact from the request or the index, or a derivation.
enum IncompatibilityCause {
    /// You asked for this (the package must be present, inside the range).
    case request(PackageRequirement)
    /// Installed now and not being removed, so it must stay (at some acceptable version).
    case keepInstalled(package: Int, version: SemanticVersion)
    case pin(package: Int, version: SemanticVersion)
    case locked(package: Int, version: SemanticVersion)
    /// `--locked` and the lockfile does not list this package.
    case notLocked(package: Int)
    case removal(package: Int)
    /// The `versions` (states) of `dependent` all require `requirement`.
    case dependency(dependent: Int, versions: VersionSet, requirement: PackageRequirement, target: Int)
    /// Learned during conflict resolution from two earlier incompatibilities.
    case derived(Int, Int)
}

/// A set of terms that cannot all be true at once (PubGrub's incompatibility, the negation of a clause).
struct Incompatibility {
    /// One term per package, sorted by package id.
    let terms: [Term]
    let cause: IncompatibilityCause

    /// Normalises raw terms: terms on one package are intersected, terms that every state
    /// satisfies are dropped (they constrain nothing). Returns nil when some term can never hold,
    /// because then the incompatibility can never be violated and says nothing.
    static func make(_ raw: [Term], cause: IncompatibilityCause, allStates: [VersionSet]) -> Incompatibility? {
        var merged: [Term] = []
        for term in raw.sorted(by: { $0.package < $1.package }) {
            if let last = merged.last, last.package == term.package {
                merged[merged.count - 1] = Term(package: term.package, set: last.set.intersection(term.set))
            } else {
                merged.append(term)
            }
        }
        var terms: [Term] = []
        for term in merged {
            let all = allStates[term.package]
            let set = term.set.intersection(all)
            if set.isEmpty { return nil }
            if set == all { continue }
            terms.append(Term(package: term.package, set: set))
        }
        return Incompatibility(terms: terms, cause: cause)
    }

    func term(for package: Int) -> Term? { terms.first { $0.package == package } }
}
