import AIPMarketResolver
import AIPTestSupport
import AIPVersioning

/// The rules of `ResolutionRequest`, checked directly on a complete choice.
enum ResolutionRules {
    /// Whether `candidate` may be chosen at all under `request`.
    static func isChoosable(_ candidate: PackageCandidate, _ request: ResolutionRequest) -> Bool {
        if candidate.incompatibility != nil { return false }
        guard candidate.yanked else { return true }
        return [request.pins[candidate.name], request.installed[candidate.name], request.locked?[candidate.name]].contains(candidate.version)
    }

    /// nil when `choice` satisfies every rule; otherwise the first rule it breaks.
    static func violation(of choice: [String: PackageCandidate], _ request: ResolutionRequest) -> String? {
        for (name, candidate) in choice {
            if candidate.name != name { return "\(name) maps to a candidate of \(candidate.name)" }
            if !isChoosable(candidate, request) { return "\(name) \(candidate.version) may not be chosen" }
            for dependency in candidate.requires {
                guard let chosen = choice[dependency.name], dependency.range.contains(chosen.version) else {
                    return "\(name) \(candidate.version) requires \(dependency) and gets \(choice[dependency.name]?.version.description ?? "nothing")"
                }
            }
            if let pin = request.pins[name], candidate.version != pin { return "\(name) is pinned to \(pin)" }
            if request.removing.contains(name) { return "\(name) is being removed" }
            if let locked = request.locked, locked[name] != candidate.version { return "\(name) differs from the lockfile" }
        }
        for root in request.roots {
            guard let chosen = choice[root.name], root.range.contains(chosen.version) else { return "request \(root) unmet" }
        }
        for (name, installed) in request.installed where !request.removing.contains(name) {
            if choice[name] == nil { return "installed \(name) \(installed) dropped" }
        }
        for name in (request.locked ?? [:]).keys where choice[name] == nil { return "locked \(name) missing" }
        return nil
    }
}

/// Tries every combination of "absent or one choosable version" per package: exponential, so
/// only for universes of a handful of packages with a handful of versions.
struct BruteForceSolver {
    let candidates: [PackageCandidate]

    func hasSolution(_ request: ResolutionRequest) -> Bool {
        let names = Set(candidates.map(\.name)).union(request.roots.map(\.name)).sorted()
        let options: [[PackageCandidate?]] = names.map { name in
            [nil] + candidates.filter { $0.name == name && ResolutionRules.isChoosable($0, request) }
        }
        var choice: [String: PackageCandidate] = [:]
        func search(_ index: Int) -> Bool {
            if index == names.count { return ResolutionRules.violation(of: choice, request) == nil }
            for option in options[index] {
                choice[names[index]] = option
                if search(index + 1) { return true }
            }
            choice[names[index]] = nil
            return false
        }
        return search(0)
    }
}

/// Small random indexes and requests that exercise every rule, for cross-checking.
struct RandomUniverse {
    let candidates: [PackageCandidate]
    let request: ResolutionRequest

    init(seed: UInt64, packages: ClosedRange<Int> = 2...5, versions: ClosedRange<Int> = 1...4) {
        var random = SeededGenerator(seed: seed)
        let names = ["a", "b", "c", "d", "e"].prefix(Int.random(in: packages, using: &random)).map { $0 }
        let pool = ["1.0.0", "1.1.0", "1.2.0", "2.0.0-beta.1", "2.0.0", "2.1.0", "3.0.0"].map(version)
        let ranges = ["*", "^1.0", "^1.1", "~1.2.0", "^2.0", ">=1.1.0 <2.1.0", "^2.0.0-beta.1", "<2.0.0", ">=2.0.0",
                      "1.0.0 || ^3.0", "=1.2.0"].map { try! VersionRange(parsing: $0) }
        var candidates: [PackageCandidate] = []
        for name in names {
            for published in pool.shuffled(using: &random).prefix(Int.random(in: versions, using: &random)) {
                var requires: [PackageRequirement] = []
                for _ in 0..<Int.random(in: 0...2, using: &random) {
                    // Unknown names ("zz") and self-requirements are part of the game.
                    let target = Int.random(in: 0..<25, using: &random) == 0 ? "zz" : names.randomElement(using: &random)!
                    let range = Int.random(in: 0..<3, using: &random) == 0 ? VersionRange.any : ranges.randomElement(using: &random)!
                    requires.append(PackageRequirement(name: target, range: range))
                }
                candidates.append(PackageCandidate(
                    name: name, version: published, requires: requires,
                    yanked: Int.random(in: 0..<6, using: &random) == 0,
                    incompatibility: Int.random(in: 0..<7, using: &random) == 0 ? "needs plugin ABI 2.x" : nil))
            }
        }
        var request = ResolutionRequest()
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            // Wide ranges are common, so that about half the cases have a solution.
            let range = Bool.random(using: &random) ? VersionRange.any : ranges.randomElement(using: &random)!
            request.roots.append(PackageRequirement(name: names.randomElement(using: &random)!, range: range))
        }
        func someVersion(of name: String) -> SemanticVersion {
            let published = candidates.filter { $0.name == name }.map(\.version)
            return Int.random(in: 0..<4, using: &random) == 0 || published.isEmpty ? pool.randomElement(using: &random)! : published.randomElement(using: &random)!
        }
        for name in names {
            switch Int.random(in: 0..<16, using: &random) {
            case 0, 1: request.installed[name] = someVersion(of: name)
            case 2: request.pins[name] = someVersion(of: name)
            case 3: request.removing.insert(name)
            case 4: request.installed[name] = someVersion(of: name); request.upgrade.insert(name)
            default: break
            }
        }
        request.upgradeAll = Int.random(in: 0..<5, using: &random) == 0
        if Int.random(in: 0..<8, using: &random) == 0 {
            var locked: [String: SemanticVersion] = [:]
            for name in names where Bool.random(using: &random) { locked[name] = someVersion(of: name) }
            request.locked = locked
        }
        self.candidates = candidates
        self.request = request
    }
}
