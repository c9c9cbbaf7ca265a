import AIPVersioning

/// The leaves of a failed resolution's proof, sorted into what the explanation talks about:
/// your requests, pins, locked versions, installed packages kept, removals, and requirements
/// between packages (closest to your request first). Deterministic: sorted by request order,
/// names and versions, never by dictionary order.
struct ProofFacts {
    struct Dependency {
        let dependent: Int
        let versions: VersionSet
        let requirement: PackageRequirement
        let target: Int
    }

    private(set) var requests: [PackageRequirement] = []
    private(set) var kept: [Int] = []
    private(set) var pins: [(package: Int, version: SemanticVersion)] = []
    private(set) var locks: [(package: Int, version: SemanticVersion)] = []
    private(set) var notLocked: [Int] = []
    private(set) var removals: [Int] = []
    private(set) var dependencies: [Dependency] = []

    init(leaves: [Int], incompatibilities: [Incompatibility], request: ResolutionRequest, universe: PackageUniverse) {
        for leaf in leaves {
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
        func name(_ package: Int) -> String { universe[package].name }
        requests.sort { (request.roots.firstIndex(of: $0) ?? 0) < (request.roots.firstIndex(of: $1) ?? 0) }
        kept.sort { name($0) < name($1) }
        pins.sort { name($0.package) < name($1.package) }
        locks.sort { name($0.package) < name($1.package) }
        notLocked.sort { name($0) < name($1) }
        removals.sort { name($0) < name($1) }

        let depth = Self.depths(from: starts(universe), along: dependencies)
        func oldestVersion(_ dependency: Dependency) -> SemanticVersion {
            dependency.versions.states.max().map { universe[dependency.dependent].candidate(atState: $0).version }
                ?? SemanticVersion(major: 0, minor: 0, patch: 0)
        }
        dependencies.sort { left, right in
            let (leftDepth, rightDepth) = (depth[left.dependent] ?? Int.max, depth[right.dependent] ?? Int.max)
            if leftDepth != rightDepth { return leftDepth < rightDepth }
            if left.dependent != right.dependent { return name(left.dependent) < name(right.dependent) }
            let (leftOldest, rightOldest) = (oldestVersion(left), oldestVersion(right))
            if leftOldest != rightOldest { return leftOldest < rightOldest }
            return left.requirement.description < right.requirement.description
        }
    }

    /// The packages the request itself names, in header order.
    func starts(_ universe: PackageUniverse) -> [Int] {
        requests.compactMap { universe.existingID(of: $0.name) } + kept + pins.map(\.package) + locks.map(\.package) + removals
    }

    /// How many requirement steps each package is from what you asked for.
    private static func depths(from starts: [Int], along dependencies: [Dependency]) -> [Int: Int] {
        var depth: [Int: Int] = [:]
        var frontier = starts
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

}
