import AIPVersioning

/// Chooses one version of every package the request needs so that every requirement holds.
///
/// The search is depth-first with backtracking: it always decides next the package with the fewest
/// acceptable versions left (a dead end shows up early), tries versions in preference order
/// (pinned, locked, installed unless upgrading, then newest first), and after each choice checks
/// at once that every package the choice requires still has an acceptable version (forward
/// checking). When every branch fails, the conflicts met on the way become the explanation, each
/// naming the package, the ranges asked of it and by whom, and the versions that exist.
public struct Resolver {
    let source: any PackageSource
    /// Bounds the work on pathological inputs; the answer is then an explanation, not a hang.
    public var maximumSteps = 200_000

    public init(source: some PackageSource) {
        self.source = source
    }

    public func resolve(_ request: ResolutionRequest) throws(ResolutionConflict) -> Resolution {
        let search = ResolverSearch(source: source, request: request, maximumSteps: maximumSteps)
        guard let selected = search.run() else {
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

/// One run of the search; a class because the recursion shares its state.
final class ResolverSearch {
    struct Constraint {
        let range: VersionRange
        /// "you" or "NAME VERSION".
        let by: String
    }

    private let source: any PackageSource
    private let request: ResolutionRequest
    private let maximumSteps: Int
    private var steps = 0
    private var gaveUp = false
    private var candidatesByName: [String: [PackageCandidate]] = [:]
    private var constraints: [String: [Constraint]] = [:]
    private var assigned: [String: PackageCandidate] = [:]
    private var conflicts: [String] = []

    init(source: any PackageSource, request: ResolutionRequest, maximumSteps: Int) {
        self.source = source
        self.request = request
        self.maximumSteps = maximumSteps
    }

    func run() -> [String: PackageCandidate]? {
        for root in request.roots {
            constraints[root.name, default: []].append(Constraint(range: root.range, by: "you"))
        }
        for root in request.roots where viable(root.name).isEmpty {
            recordEmpty(root.name)
            return nil
        }
        return solve() ? assigned : nil
    }

    // MARK: Search

    private func solve() -> Bool {
        steps += 1
        guard steps <= maximumSteps else {
            gaveUp = true
            return false
        }
        var next: (name: String, options: [PackageCandidate])?
        for name in constraints.keys.sorted() where assigned[name] == nil {
            let options = viable(name)
            if options.isEmpty {
                recordEmpty(name)
                return false
            }
            if next == nil || options.count < next!.options.count { next = (name, options) }
        }
        guard let (name, options) = next else { return true }
        for candidate in options {
            guard consistentWithChoices(candidate) else { continue }
            assigned[name] = candidate
            let owner = "\(candidate.name) \(candidate.version)"
            for requirement in candidate.requires {
                constraints[requirement.name, default: []].append(Constraint(range: requirement.range, by: owner))
            }
            var dependenciesPossible = true
            for requirement in candidate.requires where assigned[requirement.name] == nil && viable(requirement.name).isEmpty {
                recordEmpty(requirement.name)
                dependenciesPossible = false
                break
            }
            if dependenciesPossible && solve() { return true }
            for requirement in candidate.requires.reversed() {
                constraints[requirement.name]?.removeLast()
                if constraints[requirement.name]?.isEmpty == true { constraints[requirement.name] = nil }
            }
            assigned[name] = nil
            if gaveUp { return false }
        }
        return false
    }

    /// A candidate's requirements on packages already chosen must accept those choices.
    private func consistentWithChoices(_ candidate: PackageCandidate) -> Bool {
        for requirement in candidate.requires {
            guard let chosen = assigned[requirement.name], !requirement.range.contains(chosen.version) else { continue }
            var clash = constraints[requirement.name] ?? []
            clash.append(Constraint(range: requirement.range, by: "\(candidate.name) \(candidate.version)"))
            record(clashOn: requirement.name, clash)
            return false
        }
        return true
    }

    // MARK: Candidates

    private func all(_ name: String) -> [PackageCandidate] {
        if let cached = candidatesByName[name] { return cached }
        let sorted = source.candidates(named: name).sorted { $0.version > $1.version }
        candidatesByName[name] = sorted
        return sorted
    }

    /// Versions of `name` acceptable under every constraint and policy, most preferred first.
    private func viable(_ name: String) -> [PackageCandidate] {
        let ranges = (constraints[name] ?? []).map(\.range)
        var options = all(name).filter { candidate in
            acceptable(candidate) && ranges.allSatisfy { $0.contains(candidate.version) }
        }
        if let installed = request.installed[name], !request.upgradeAll, !request.upgrade.contains(name),
           let index = options.firstIndex(where: { $0.version == installed }), index > 0 {
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

    private func recordEmpty(_ name: String) {
        record(clashOn: name, constraints[name] ?? [])
    }

    private func record(clashOn name: String, _ clash: [Constraint]) {
        let text = ConflictWording(name: name, clash: clash, candidates: all(name), request: request,
                                   knownNames: { self.source.packageNames }).sentence()
        if !conflicts.contains(text) && conflicts.count < 8 { conflicts.append(text) }
    }

    func explanation() -> String {
        let wanted = request.roots.map { $0.range == .any ? $0.name : "\($0.name) \($0.range)" }
        var lines = ["Cannot satisfy your request for \(wanted.joined(separator: ", ")):"]
        lines += conflicts.prefix(3).map { "  " + $0 }
        if gaveUp {
            lines.append("  (gave up after \(maximumSteps) steps; the requirements allow too many combinations to search)")
        }
        if lines.count == 1 { lines.append("  no combination of versions satisfies every requirement") }
        return lines.joined(separator: "\n")
    }
}
