import AIPVersioning

/// For each package where the facts collide, the sentence that says why.
extension ConflictExplainer {
    /// A requirement on one package, with who made it (nil: you) and, for a dependency, which
    /// versions of the dependent make it.
    struct Constraint {
        let range: VersionRange
        let states: VersionSet
        let from: Int?
        let fromVersions: VersionSet

        /// Whether both must hold at once: two requests, two dependents, or one dependent version
        /// with both requirements. (Requirements of different versions of one package are
        /// alternatives, so their ranges may well be disjoint.)
        func holdsTogether(with other: Constraint) -> Bool {
            from != other.from || from == nil || !fromVersions.isDisjoint(with: other.fromVersions)
        }
    }

    /// Why the constraints on one package cannot all be met.
    func conclude(_ package: Int, constraints: [Constraint], exact: [(SemanticVersion, String)]) -> [String] {
        let info = universe[package]
        let name = info.name
        if info.isUnknown {
            let suggestions = NameSuggestions.nearest(to: name, among: universe.allPackageNames())
            return ["nobody publishes a package named \(name)" + (suggestions.isEmpty ? "" : "; did you mean \(joined(suggestions, with: "or"))?")]
        }
        if info.candidates.isEmpty {
            return ["no version of \(name) can be used here"] + unusable(of: package, where: { _ in true })
        }
        var lines: [String] = []
        if let (firstVersion, firstHow) = exact.first, let (otherVersion, otherHow) = exact.first(where: { $0.0 != firstVersion }) {
            lines.append("\(name) is \(firstHow) \(firstVersion) but \(otherHow) \(otherVersion)")
        }
        var exactVersions: Set<SemanticVersion> = []
        for (version, how) in exact {
            exactVersions.insert(version)
            guard let state = info.state(of: version) else {
                if let reason = info.unusable.first(where: { $0.version == version })?.reason {
                    lines.append("\(name) is \(how) \(version), which exists but \(reason)")
                } else {
                    lines.append("\(name) is \(how) \(version), which is not published \(available(package))")
                }
                continue
            }
            let refusing = constraints.filter { !$0.states.contains(state) }.map(\.range.text)
            if !refusing.isEmpty {
                lines.append("\(name) is \(how) \(version), which does not satisfy \(joined(unique(refusing), with: "or"))")
            }
        }
        let empty = unique(constraints.filter(\.states.isEmpty).map(\.range.text))
        if !empty.isEmpty {
            lines.append("no version of \(name) satisfies \(joined(empty, with: "or")) \(available(package))")
        }
        let possible = constraints.filter { !$0.states.isEmpty }
        var clash: (Constraint, Constraint)?
        pairs: for (index, first) in possible.enumerated() {
            for second in possible[(index + 1)...] where first.holdsTogether(with: second) && first.states.isDisjoint(with: second.states) {
                lines.append("no version of \(name) satisfies both \(first.range.text) and \(second.range.text) \(available(package))")
                clash = (first, second)
                break pairs
            }
        }
        // Unusable versions worth naming: ones that would have settled the clash, or that are newer
        // than anything usable a range admits (the version you would have got).
        lines += unusable(of: package) { version in
            if exactVersions.contains(version) { return false }
            if let (first, second) = clash, first.range.contains(version), second.range.contains(version) { return true }
            return constraints.contains { constraint in
                guard constraint.range.contains(version) else { return false }
                guard let newest = constraint.states.newestCandidate else { return true }
                return info.candidate(atState: newest).version < version
            }
        }
        return lines
    }

    /// "gateway 2.0.0 exists but needs plugin ABI 2.x" for the unusable versions that `matters`.
    func unusable(of package: Int, where matters: (SemanticVersion) -> Bool) -> [String] {
        let info = universe[package]
        let relevant = info.unusable.filter { matters($0.version) }
        var lines = relevant.prefix(Self.maxUnusablePerPackage).map { "\(info.name) \($0.version) exists but \($0.reason)" }
        if relevant.count > Self.maxUnusablePerPackage {
            lines.append("… and \(relevant.count - Self.maxUnusablePerPackage) more versions of \(info.name) that cannot be used here")
        }
        return lines
    }

    /// "(available: 2.1.0, 2.2.3, 3.0.0)", oldest first, the newest few when there are many.
    func available(_ package: Int) -> String {
        let versions = universe[package].candidates.map(\.version).reversed().map(\.description)
        if versions.isEmpty { return "(none can be used here)" }
        if versions.count <= Self.maxAvailableShown { return "(available: \(versions.joined(separator: ", ")))" }
        let older = versions.count - Self.maxAvailableShown
        return "(available: \(older) older, \(versions.suffix(Self.maxAvailableShown).joined(separator: ", ")))"
    }

}
