import AIPVersioning

/// Chooses one version per needed package so that every requirement holds, or explains why no
/// such choice exists. See `ResolutionRequest` for exactly what must hold and what is preferred,
/// and README.md for the algorithm.
public struct Resolver: Sendable {
    private let source: any PackageSource

    public init(source: some PackageSource) {
        self.source = source
    }

    public func resolve(_ request: ResolutionRequest) throws(ResolutionConflict) -> Resolution {
        var yankedAllowed: [String: Set<SemanticVersion>] = [:]
        for (name, version) in request.pins { yankedAllowed[name, default: []].insert(version) }
        for (name, version) in request.installed { yankedAllowed[name, default: []].insert(version) }
        for (name, version) in request.locked ?? [:] { yankedAllowed[name, default: []].insert(version) }
        let universe = PackageUniverse(source: source, yankedAllowed: yankedAllowed)
        var solver = Solver(universe: universe, request: request)
        let chosen: [Int: Int]
        do {
            chosen = try solver.solve()
        } catch {
            throw ConflictExplainer(universe: universe, incompatibilities: solver.incompatibilities, request: request)
                .explain(error)
        }
        var selected: [String: PackageCandidate] = [:]
        for (package, state) in chosen {
            selected[universe[package].name] = universe[package].candidate(atState: state)
        }
        let statistics = ResolutionStatistics(packagesConsidered: universe.packages.count, decisions: solver.decisions,
                                              conflicts: solver.conflicts)
        return Resolution(selected: selected, installOrder: InstallOrder.of(selected), statistics: statistics)
    }
}
