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

    func explain(_ failure: SolverFailure) -> ResolutionConflict {
        let facts = ProofFacts(leaves: leaves(of: failure.rootCauses), incompatibilities: incompatibilities,
                               request: request, universe: universe)
        var lines = [header(facts)]
        let requirementLines = describe(facts.dependencies)
        for line in requirementLines.prefix(Self.maxRequirementLines) {
            lines.append("  " + line)
        }
        if requirementLines.count > Self.maxRequirementLines {
            lines.append("  … and \(requirementLines.count - Self.maxRequirementLines) more requirements like these")
        }
        for package in facts.notLocked { lines.append("  \(name(package)) is not in the lockfile") }

        var mentioned: [Int] = []
        var seen: Set<Int> = []
        for package in facts.starts(universe) + facts.dependencies.map(\.target) where seen.insert(package).inserted {
            mentioned.append(package)
        }
        let collisions = mentioned.flatMap { conclusions(for: $0, facts) }
        for line in collisions.prefix(Self.maxConclusionLines) { lines.append("  " + line) }
        if collisions.count > Self.maxConclusionLines {
            lines.append("  … and \(collisions.count - Self.maxConclusionLines) more")
        }
        let names = Set(mentioned.map(name) + facts.dependencies.map { name($0.dependent) } + facts.notLocked.map(name)
                        + facts.requests.map(\.name)).sorted()
        return ResolutionConflict(description: lines.joined(separator: "\n"), packages: names)
    }

    private func conclusions(for package: Int, _ facts: ProofFacts) -> [String] {
        let constraints = facts.requests.filter { $0.name == name(package) }.map {
            Constraint(range: $0.range, states: universe.states(of: package, in: $0.range), from: nil, fromVersions: .empty)
        } + facts.dependencies.filter { $0.target == package }.map {
            Constraint(range: $0.requirement.range, states: universe.states(of: package, in: $0.requirement.range),
                       from: $0.dependent, fromVersions: $0.versions)
        }
        let exact = facts.pins.filter { $0.package == package }.map { ($0.version, "pinned to") }
            + facts.locks.filter { $0.package == package }.map { ($0.version, "locked at") }
        var lines: [String] = []
        if facts.removals.contains(package) {
            if facts.requests.contains(where: { $0.name == name(package) }) {
                lines.append("you asked both to install and to remove \(name(package))")
            }
            if facts.locks.contains(where: { $0.package == package }) {
                lines.append("the lockfile lists \(name(package)), which you are removing")
            }
        }
        return lines + conclude(package, constraints: constraints, exact: exact)
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

    // MARK: Sentences

    private func header(_ facts: ProofFacts) -> String {
        let (requests, pins, locks, kept, removals) = (facts.requests, facts.pins, facts.locks, facts.kept, facts.removals)
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
    private func describe(_ dependencies: [ProofFacts.Dependency]) -> [String] {
        var groups: [[ProofFacts.Dependency]] = []
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

    // MARK: Helpers

    func name(_ package: Int) -> String { universe[package].name }

    func unique(_ texts: [String]) -> [String] {
        var seen: Set<String> = []
        return texts.filter { seen.insert($0).inserted }
    }

    /// At most `maxNamesInHeader` items, then "and N others".
    func capped(_ items: [String]) -> String {
        guard items.count > Self.maxNamesInHeader else { return joined(items) }
        return joined(Array(items.prefix(Self.maxNamesInHeader)) + ["\(items.count - Self.maxNamesInHeader) others"])
    }

    /// "a", "a and b", "a, b and c".
    func joined(_ items: [String], with conjunction: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }
}
