import AIPVersioning

/// Turns a failed resolution's proof into a few sentences: a header naming what you asked for,
/// the requirements the proof used ("gateway 1.4.0 requires http ^2.1"), and for each package
/// where they collide, why ("no version of http satisfies both ^2.1 and ^3.0 (available: …)").
///
/// The proof is the derivation tree of the failure; its leaves are facts from the request and
/// the index, and together they admit no solution. Listing them in dependency order, then the
/// collisions, is the short derivation a person can check. Deterministic and bounded in size.
struct ConflictExplainer {
    let universe: PackageUniverse
    let incompatibilities: [Incompatibility]
    let request: ResolutionRequest

    static let maxRequirementLines = 12
    static let maxConclusionLines = 10
    static let maxUnusablePerPackage = 3
    static let maxAvailableShown = 8
    static let maxNamesInHeader = 6

    private struct Dependency {
        let dependent: Int
        let versions: VersionSet
        let requirement: PackageRequirement
        let target: Int
    }

    /// A requirement on one package, with who made it (nil: you) and, for a dependency, which
    /// versions of the dependent make it.
    private struct Constraint {
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

    func explain(_ failure: SolverFailure) -> ResolutionConflict {
        var requests: [PackageRequirement] = []
        var kept: [Int] = []
        var pins: [(package: Int, version: SemanticVersion)] = []
        var locks: [(package: Int, version: SemanticVersion)] = []
        var notLocked: [Int] = []
        var removals: [Int] = []
        var dependencies: [Dependency] = []
        for leaf in leaves(of: failure.rootCauses) {
            switch incompatibilities[leaf].cause {
            case .request(let requirement): requests.append(requirement)
            case .keepInstalled(let package, _): kept.append(package)
            case .pin(let package, let version): pins.append((package, version))
            case .locked(let package, let version): locks.append((package, version))
            case .notLocked(let package): notLocked.append(package)
            case .removal(let package): removals.append(package)
            case .dependency(let dependent, let versions, let requirement, let target):
                dependencies.append(Dependency(dependent: dependent, versions: versions, requirement: requirement, target: target))
            case .derived: break
            }
        }
        requests.sort { (request.roots.firstIndex(of: $0) ?? 0) < (request.roots.firstIndex(of: $1) ?? 0) }
        kept = sortedByName(kept)
        pins.sort { name($0.package) < name($1.package) }
        locks.sort { name($0.package) < name($1.package) }
        notLocked = sortedByName(notLocked)
        removals = sortedByName(removals)

        let starts = requests.map { universe.existingID(of: $0.name) ?? -1 } + kept + pins.map(\.package) + locks.map(\.package) + removals
        let depth = depths(from: starts, along: dependencies)
        dependencies.sort { left, right in
            let key = { (d: Dependency) in (depth[d.dependent] ?? Int.max, name(d.dependent), oldestVersion(of: d)) }
            let (l, r) = (key(left), key(right))
            if l.0 != r.0 { return l.0 < r.0 }
            if l.1 != r.1 { return l.1 < r.1 }
            if l.2 != r.2 { return l.2 < r.2 }
            return left.requirement.description < right.requirement.description
        }

        var lines = [header(requests: requests, pins: pins, locks: locks, kept: kept, removals: removals)]
        let requirementLines = describe(dependencies)
        for line in requirementLines.prefix(Self.maxRequirementLines) {
            lines.append("  " + line)
        }
        if requirementLines.count > Self.maxRequirementLines {
            lines.append("  … and \(requirementLines.count - Self.maxRequirementLines) more requirements like these")
        }
        for package in notLocked { lines.append("  \(name(package)) is not in the lockfile") }

        var mentioned: [Int] = []
        var seen: Set<Int> = []
        for package in starts + dependencies.map(\.target) where package >= 0 && seen.insert(package).inserted {
            mentioned.append(package)
        }
        var conclusions: [String] = []
        for package in mentioned {
            let constraints = requests.filter { $0.name == name(package) }.map {
                Constraint(range: $0.range, states: universe.states(of: package, in: $0.range), from: nil, fromVersions: .empty)
            } + dependencies.filter { $0.target == package }.map {
                Constraint(range: $0.requirement.range, states: universe.states(of: package, in: $0.requirement.range),
                           from: $0.dependent, fromVersions: $0.versions)
            }
            let exact = pins.filter { $0.package == package }.map { ($0.version, "pinned to") }
                + locks.filter { $0.package == package }.map { ($0.version, "locked at") }
            if removals.contains(package) {
                if requests.contains(where: { $0.name == name(package) }) {
                    conclusions.append("you asked both to install and to remove \(name(package))")
                }
                if locks.contains(where: { $0.package == package }) {
                    conclusions.append("the lockfile lists \(name(package)), which you are removing")
                }
            }
            conclusions += conclude(package, constraints: constraints, exact: exact)
        }
        for line in conclusions.prefix(Self.maxConclusionLines) { lines.append("  " + line) }
        if conclusions.count > Self.maxConclusionLines {
            lines.append("  … and \(conclusions.count - Self.maxConclusionLines) more")
        }
        let names = Set(mentioned.map(name) + dependencies.map { name($0.dependent) } + notLocked.map(name)
                        + requests.map(\.name)).sorted()
        return ResolutionConflict(description: lines.joined(separator: "\n"), packages: names)
    }

    // MARK: The proof's leaves

    /// The external facts under the root causes, each once, in the order they were made.
    private func leaves(of roots: [Int]) -> [Int] {
        var stack = roots
        var visited: Set<Int> = []
        var result: [Int] = []
        while let id = stack.popLast() {
            guard visited.insert(id).inserted else { continue }
            if case .derived(let left, let right) = incompatibilities[id].cause {
                stack += [left, right]
            } else {
                result.append(id)
            }
        }
        return result.sorted()
    }

    /// How many requirement steps each package is from what you asked for.
    private func depths(from starts: [Int], along dependencies: [Dependency]) -> [Int: Int] {
        var depth: [Int: Int] = [:]
        var frontier = starts.filter { $0 >= 0 }
        for package in frontier { depth[package] = 0 }
        var level = 0
        while !frontier.isEmpty {
            level += 1
            var next: [Int] = []
            for dependency in dependencies where frontier.contains(dependency.dependent) && depth[dependency.target] == nil {
                depth[dependency.target] = level
                next.append(dependency.target)
            }
            frontier = next
        }
        return depth
    }

    // MARK: Sentences

    private func header(requests: [PackageRequirement], pins: [(package: Int, version: SemanticVersion)],
                        locks: [(package: Int, version: SemanticVersion)], kept: [Int], removals: [Int]) -> String {
        var wants: [String] = []
        if !requests.isEmpty { wants.append("your request for " + capped(unique(requests.map(\.description)))) }
        if !pins.isEmpty {
            wants.append("your pin\(pins.count > 1 ? "s" : "") of " + capped(pins.map { "\(name($0.package)) to \($0.version)" }))
        }
        if !locks.isEmpty {
            wants.append("the locked version\(locks.count > 1 ? "s" : "") " + capped(locks.map { "\(name($0.package)) \($0.version)" }))
        }
        let keeping = kept.isEmpty ? nil : capped(kept.map(name)) + " installed"
        let removing = removals.isEmpty ? nil : capped(removals.map(name))
        if !wants.isEmpty {
            let circumstances = [keeping.map { "keeping " + $0 }, removing.map { "removing " + $0 }].compactMap { $0 }
            return "Cannot satisfy " + joined(wants) + (circumstances.isEmpty ? "" : " while " + joined(circumstances)) + ":"
        }
        let actions = [keeping.map { "keep " + $0 }, removing.map { "remove " + $0 }].compactMap { $0 }
        return actions.isEmpty ? "Cannot find versions that work together:" : "Cannot " + joined(actions) + ":"
    }

    /// One line per requirement, except that three or more requirements of one package on
    /// another (a different range per version) share a line.
    private func describe(_ dependencies: [Dependency]) -> [String] {
        var groups: [[Dependency]] = []
        var groupOf: [[Int]: Int] = [:]
        for dependency in dependencies {
            let key = [dependency.dependent, dependency.target]
            if let index = groupOf[key] {
                groups[index].append(dependency)
            } else {
                groupOf[key] = groups.count
                groups.append([dependency])
            }
        }
        var lines: [String] = []
        for group in groups {
            guard group.count >= 3, let first = group.first, let last = group.last else {
                for dependency in group {
                    let states = dependency.versions.states
                    lines.append("\(name(dependency.dependent)) \(versionList(states, of: dependency.dependent)) "
                                 + "\(states.count == 1 ? "requires" : "require") \(dependency.requirement)")
                }
                continue
            }
            let versions = group.reduce(VersionSet.empty) { $0.union($1.versions) }.states
            let ranges = unique(group.map(\.requirement.range.text))
            let wanted = ranges.count <= 3
                ? "\(joined(ranges, with: "or")) (depending on the version)"
                : "in one of \(ranges.count) ranges, from \(first.requirement.range.text) to \(last.requirement.range.text)"
            lines.append("\(name(first.dependent)) \(versionList(versions, of: first.dependent)) require \(name(first.target)) \(wanted)")
        }
        return lines
    }

    /// Versions oldest first; three or more neighbours in the package's list become "a through b".
    private func versionList(_ states: [Int], of package: Int) -> String {
        let ascending = states.sorted(by: >)
        var items: [String] = []
        var start = 0
        while start < ascending.count {
            var end = start
            while end + 1 < ascending.count, ascending[end + 1] == ascending[end] - 1 { end += 1 }
            let first = universe[package].candidate(atState: ascending[start]).version
            let last = universe[package].candidate(atState: ascending[end]).version
            if end - start >= 2 {
                items.append("\(first) through \(last)")
            } else {
                for state in ascending[start...end] { items.append("\(universe[package].candidate(atState: state).version)") }
            }
            start = end + 1
        }
        return joined(items)
    }

    /// Why the constraints on one package cannot all be met.
    private func conclude(_ package: Int, constraints: [Constraint], exact: [(SemanticVersion, String)]) -> [String] {
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
    private func unusable(of package: Int, where matters: (SemanticVersion) -> Bool) -> [String] {
        let info = universe[package]
        let relevant = info.unusable.filter { matters($0.version) }
        var lines = relevant.prefix(Self.maxUnusablePerPackage).map { "\(info.name) \($0.version) exists but \($0.reason)" }
        if relevant.count > Self.maxUnusablePerPackage {
            lines.append("… and \(relevant.count - Self.maxUnusablePerPackage) more versions of \(info.name) that cannot be used here")
        }
        return lines
    }

    /// "(available: 2.1.0, 2.2.3, 3.0.0)", oldest first, the newest few when there are many.
    private func available(_ package: Int) -> String {
        let versions = universe[package].candidates.map(\.version).reversed().map(\.description)
        if versions.isEmpty { return "(none can be used here)" }
        if versions.count <= Self.maxAvailableShown { return "(available: \(versions.joined(separator: ", ")))" }
        let older = versions.count - Self.maxAvailableShown
        return "(available: \(older) older, \(versions.suffix(Self.maxAvailableShown).joined(separator: ", ")))"
    }

    // MARK: Helpers

    private func name(_ package: Int) -> String { universe[package].name }

    private func sortedByName(_ packages: [Int]) -> [Int] { packages.sorted { name($0) < name($1) } }

    private func oldestVersion(of dependency: Dependency) -> SemanticVersion {
        let states = dependency.versions.states
        return states.max().map { universe[dependency.dependent].candidate(atState: $0).version } ?? SemanticVersion(major: 0, minor: 0, patch: 0)
    }

    private func unique(_ texts: [String]) -> [String] {
        var seen: Set<String> = []
        return texts.filter { seen.insert($0).inserted }
    }

    /// At most `maxNamesInHeader` items, then "and N others".
    private func capped(_ items: [String]) -> String {
        guard items.count > Self.maxNamesInHeader else { return joined(items) }
        return joined(Array(items.prefix(Self.maxNamesInHeader)) + ["\(items.count - Self.maxNamesInHeader) others"])
    }

    /// "a", "a and b", "a, b and c".
    private func joined(_ items: [String], with conjunction: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }
}
