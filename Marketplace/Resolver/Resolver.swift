import AIPVersioning

/// Chooses one version of every package the request needs so that every requirement holds.
///
/// The search is depth-first with backtracking: it always decides next the package with the fewest
/// acceptable versions left (a dead end shows up early), tries versions in preference order
/// (pinned, locked, installed unless upgrading, then newest first), and after each choice checks
/// at once that every package the choice requires still has an acceptable version (forward
/// checking). A failure carries the set of decisions that caused it, and backtracking jumps
/// straight back to the latest of those (conflict-directed backjumping). When every branch fails, the conflicts met on the way become the explanation, each
/// naming the package, the ranges asked of it and by whom, and the versions that exist.
public struct Resolver {
    let source: any PackageSource
    /// Bounds the work on pathological inputs; the answer is then an explanation, not a hang.
    public var maximumSteps = 50_000

    public init(source: some PackageSource) {
        self.source = source
    }

    public func resolve(_ request: ResolutionRequest) throws(ResolutionConflict) -> Resolution {
        var search = ResolverSearch(source: source, request: request, maximumSteps: maximumSteps)
        var selected = search.run()
        if selected == nil, search.gaveUp, !request.installed.isEmpty, !request.upgradeAll {
            // Keeping installed versions is a preference, not a requirement: when it leads the
            // search into a maze, search again newest-first before giving up.
            var relaxed = request
            relaxed.upgradeAll = true
            let retry = ResolverSearch(source: source, request: relaxed, maximumSteps: maximumSteps)
            if let found = retry.run() {
                selected = found
            } else if !retry.gaveUp {
                search = retry
            }
        }
        guard let selected else {
            throw ResolutionConflict(description: search.explanation())
        }
        return Resolution(selected: selected, installOrder: Self.installOrder(selected))
    }

    /// Dependencies first (depth-first post-order), names sorted at every level.
    static func installOrder(_ selected: [String: PackageCandidate]) -> [String] {
        var order: [String] = []
        var visited = Set<String>()
        func visit(_ name: String) {
            guard visited.insert(name).inserted, let candidate = selected[name] else { return }
            for requirement in candidate.requires.map(\.name).sorted() { visit(requirement) }
            order.append(name)
        }
        for name in selected.keys.sorted() { visit(name) }
        return order
    }
}

/// One run of the search; a class because the recursion shares its state. Packages are numbered
/// as they are met and versions are indices into each package's newest-first list, so the hot
/// loops move integers rather than strings and candidate structs.
final class ResolverSearch {
    struct Constraint {
        let range: VersionRange
        /// "you" or "NAME VERSION".
        let by: String
        /// The package whose chosen version imposed this; nil for the request itself.
        var owner: Int? = nil
    }

    /// Why a subtree failed: the decided packages whose choices caused it. Backtracking returns to
    /// the most recent of them and skips every decision in between (conflict-directed backjumping),
    /// since changing those could not help.
    typealias ConflictSet = Set<Int>

    private let source: any PackageSource
    private let request: ResolutionRequest
    private let maximumSteps: Int
    private var steps = 0
    var stepCount: Int { steps }
    private(set) var gaveUp = false

    private var ids: [String: Int] = [:]
    private var names: [String] = []
    /// Every published version of each package, newest first.
    private var candidates: [[PackageCandidate]] = []
    /// Each candidate's requirements with package numbers, filled when the candidate is first tried.
    private var requirements: [[[(id: Int, range: VersionRange)]?]] = []
    private var constraints: [[Constraint]] = []
    /// Each constrained package's acceptable versions (indices), in preference order; nil while
    /// unconstrained. A new constraint only narrows a domain, so domains are filtered as
    /// constraints arrive and restored on backtrack.
    private var domains: [[Int]?] = []
    private var assigned: [Int?] = []
    /// Packages in the order they were first constrained (the candidates for the next decision).
    private var met: [Int] = []
    private var conflicts: [String] = []

    init(source: any PackageSource, request: ResolutionRequest, maximumSteps: Int) {
        self.source = source
        self.request = request
        self.maximumSteps = maximumSteps
    }

    func run() -> [String: PackageCandidate]? {
        for root in request.roots {
            _ = constrain(id(root.name), Constraint(range: root.range, by: "you"))
        }
        for root in request.roots where domains[id(root.name)]?.isEmpty ?? true {
            recordEmpty(id(root.name))
            return nil
        }
        guard solve() == nil else { return nil }
        var selected: [String: PackageCandidate] = [:]
        for package in met {
            if let index = assigned[package] { selected[names[package]] = candidates[package][index] }
        }
        return selected
    }

    // MARK: Packages

    private func id(_ name: String) -> Int {
        if let known = ids[name] { return known }
        let number = names.count
        ids[name] = number
        names.append(name)
        let published = source.candidates(named: name)
        // Sorting on integer keys first: comparing whole versions copies their identifier arrays.
        let keys = published.map { ($0.version.major, $0.version.minor, $0.version.patch, $0.version.isPrerelease ? 0 : 1) }
        let order = published.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] > keys[b] }
            return published[a].version > published[b].version
        }
        candidates.append(order.map { published[$0] })
        requirements.append(Array(repeating: nil, count: published.count))
        constraints.append([])
        domains.append(nil)
        assigned.append(nil)
        return number
    }

    private func requirementsOf(_ package: Int, _ option: Int) -> [(id: Int, range: VersionRange)] {
        if let known = requirements[package][option] { return known }
        let list = candidates[package][option].requires.map { (id: id($0.name), range: $0.range) }
        requirements[package][option] = list
        return list
    }

    // MARK: Search

    /// The owners of the constraints on a package: who narrowed its versions.
    private func owners(of package: Int) -> ConflictSet {
        Set(constraints[package].compactMap(\.owner))
    }

    /// nil on success (with `assigned` complete); otherwise the conflict set of the failure.
    private func solve() -> ConflictSet? {
        steps += 1
        guard steps <= maximumSteps else {
            gaveUp = true
            return []
        }
        var next: (package: Int, count: Int)?
        for package in met where assigned[package] == nil {
            guard let domain = domains[package] else { continue }
            if domain.isEmpty {
                recordEmpty(package)
                return owners(of: package)
            }
            if let best = next, domain.count >= best.count { continue }
            next = (package, domain.count)
        }
        guard let package = next?.package, let options = domains[package] else { return nil }
        // Whoever narrowed this package's options shares the blame if none of them works.
        var conflict = owners(of: package)
        for option in options {
            let requires = requirementsOf(package, option)
            if let clash = clashWithChoices(package, option, requires) {
                conflict.insert(clash)
                continue
            }
            assigned[package] = option
            let candidate = candidates[package][option]
            let owner = "\(candidate.name) \(candidate.version)"
            var undo: [(Int, [Int]?)] = []
            var failure: ConflictSet?
            for requirement in requires {
                undo.append((requirement.id, domains[requirement.id]))
                let remaining = constrain(requirement.id, Constraint(range: requirement.range, by: owner, owner: package))
                if remaining == 0 && assigned[requirement.id] == nil {
                    recordEmpty(requirement.id)
                    failure = owners(of: requirement.id)
                    break
                }
            }
            if failure == nil {
                failure = solve()
                if failure == nil { return nil }
            }
            for (dependency, domain) in undo.reversed() {
                constraints[dependency].removeLast()
                domains[dependency] = domain
            }
            assigned[package] = nil
            if gaveUp { return [] }
            guard let cause = failure else { continue }
            if !cause.contains(package) {
                // This choice played no part in the failure: trying another version here cannot help.
                return cause
            }
            conflict.formUnion(cause)
        }
        conflict.remove(package)
        return conflict
    }

    /// Adds a constraint and narrows the package's domain; returns how many versions remain.
    private func constrain(_ package: Int, _ constraint: Constraint) -> Int {
        constraints[package].append(constraint)
        let current: [Int]
        if let domain = domains[package] {
            current = domain
        } else {
            current = initialDomain(package)
            if !met.contains(package) { met.append(package) }
        }
        let versions = candidates[package]
        let narrowed = current.filter { constraint.range.contains(versions[$0].version) }
        domains[package] = narrowed
        return narrowed.count
    }

    /// A candidate's requirements on packages already chosen must accept those choices; returns
    /// the chosen package it clashes with, if any.
    private func clashWithChoices(_ package: Int, _ option: Int, _ requires: [(id: Int, range: VersionRange)]) -> Int? {
        for requirement in requires {
            guard let chosen = assigned[requirement.id],
                  !requirement.range.contains(candidates[requirement.id][chosen].version) else { continue }
            let candidate = candidates[package][option]
            var clash = constraints[requirement.id]
            clash.append(Constraint(range: requirement.range, by: "\(candidate.name) \(candidate.version)"))
            record(clashOn: requirement.id, clash)
            return requirement.id
        }
        return nil
    }

    // MARK: Candidates

    /// Versions of a package that policy allows, most preferred first (before any range applies).
    private func initialDomain(_ package: Int) -> [Int] {
        let versions = candidates[package]
        var options = versions.indices.filter { acceptable(versions[$0]) }
        if let installed = request.installed[names[package]], !request.upgradeAll, !request.upgrade.contains(names[package]),
           let index = options.firstIndex(where: { versions[$0].version == installed }), index > 0 {
            options.insert(options.remove(at: index), at: 0)
        }
        return options
    }

    /// Policy alone (not ranges): locks, pins, compatibility, yanked versions.
    private func acceptable(_ candidate: PackageCandidate) -> Bool {
        if let locked = request.locked {
            return locked[candidate.name] == candidate.version && candidate.incompatibility == nil
        }
        if let pinned = request.pins[candidate.name], pinned != candidate.version { return false }
        guard candidate.incompatibility == nil else { return false }
        if candidate.yanked {
            return request.pins[candidate.name] == candidate.version || request.installed[candidate.name] == candidate.version
        }
        return true
    }

    // MARK: Explanations

    private func recordEmpty(_ package: Int) {
        record(clashOn: package, constraints[package])
    }

    private func record(clashOn package: Int, _ clash: [Constraint]) {
        // The first few conflicts explain the failure; wording every later one only costs time.
        guard conflicts.count < 8 else { return }
        let text = ConflictWording(name: names[package], clash: clash, candidates: candidates[package], request: request,
                                   knownNames: { self.source.packageNames }).sentence()
        if !conflicts.contains(text) && conflicts.count < 8 { conflicts.append(text) }
    }

    func explanation() -> String {
        let wanted = request.roots.map { $0.range == .any ? $0.name : "\($0.name) \($0.range)" }
        let shown = wanted.prefix(10).joined(separator: ", ") + (wanted.count > 10 ? " and \(wanted.count - 10) more" : "")
        var lines = ["Cannot satisfy your request for \(shown):"]
        lines += conflicts.prefix(3).map { "  " + $0 }
        if gaveUp {
            lines.append("  (gave up after \(maximumSteps) steps; the requirements allow too many combinations to search)")
        }
        if lines.count == 1 { lines.append("  no combination of versions satisfies every requirement") }
        return lines.joined(separator: "\n")
    }
}
