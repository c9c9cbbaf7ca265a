import AIPVersioning

/// The packages a resolution has looked at, loaded from the source on first mention, with their
/// candidates split into usable ones (the states of `VersionSet`) and ones that cannot be chosen.
final class PackageUniverse {
    struct Package {
        let name: String
        /// Usable candidates, newest first: candidate `i` is state `i + 1`.
        let candidates: [PackageCandidate]
        /// Versions that exist but cannot be chosen here, newest first, with the reason in words.
        let unusable: [(version: SemanticVersion, reason: String)]
        /// Every state, "absent" included.
        let all: VersionSet
        /// The states that are releases (not pre-releases), which the solver prefers.
        let releases: VersionSet

        var isUnknown: Bool { candidates.isEmpty && unusable.isEmpty }
        var candidateStates: VersionSet { all.removing(0) }

        func candidate(atState state: Int) -> PackageCandidate { candidates[state - 1] }

        func state(of version: SemanticVersion) -> Int? {
            candidates.firstIndex { $0.version == version }.map { $0 + 1 }
        }
    }

    private let source: any PackageSource
    /// Exact versions that may be chosen even when yanked (pinned, locked or installed).
    private let yankedAllowed: [String: Set<SemanticVersion>]
    private(set) var packages: [Package] = []
    private var ids: [String: Int] = [:]
    private var rangeSets: [RangeKey: VersionSet] = [:]
    /// Packages loaded since the solver last asked, so it can attach per-package facts.
    private(set) var newlyLoaded: [Int] = []

    /// Equal range texts parse to equal ranges, and a text hashes much faster than a parsed range.
    private struct RangeKey: Hashable {
        let package: Int
        let text: String
    }

    init(source: any PackageSource, yankedAllowed: [String: Set<SemanticVersion>]) {
        self.source = source
        self.yankedAllowed = yankedAllowed
    }

    subscript(id: Int) -> Package { packages[id] }

    func id(of name: String) -> Int {
        if let id = ids[name] { return id }
        let id = packages.count
        packages.append(load(name))
        ids[name] = id
        newlyLoaded.append(id)
        return id
    }

    func existingID(of name: String) -> Int? { ids[name] }

    func takeNewlyLoaded() -> [Int] {
        defer { newlyLoaded.removeAll() }
        return newlyLoaded
    }

    /// The candidate states of `package` inside `range` (never "absent").
    func states(of package: Int, in range: VersionRange) -> VersionSet {
        let key = RangeKey(package: package, text: range.text)
        if let cached = rangeSets[key] { return cached }
        var states = VersionSet.empty
        for (index, candidate) in packages[package].candidates.enumerated() where range.contains(candidate.version) {
            states.insert(index + 1)
        }
        rangeSets[key] = states
        return states
    }

    func allPackageNames() -> [String] { source.packageNames() }

    private func load(_ name: String) -> Package {
        // Sorting newest first with a total order makes the states independent of the source's order;
        // two entries of equal precedence (differing only in build metadata) keep the usable one,
        // then the one whose text sorts first.
        let published = source.candidates(named: name)
        let versions = published.map(\.version)
        let usableFirst = published.map { $0.incompatibility == nil }
        // Plain integers settle almost every comparison; only pre-releases of one version need more.
        let keys = versions.map { ($0.major, $0.minor, $0.patch, $0.isPrerelease ? 0 : 1) }
        let order = published.indices.filter { published[$0].name == name }.sorted { left, right in
            if keys[left] != keys[right] { return keys[left] > keys[right] }
            if versions[left] != versions[right] { return versions[left] > versions[right] }
            if usableFirst[left] != usableFirst[right] { return usableFirst[left] }
            return versions[left].description < versions[right].description
        }
        let sorted = order.map { published[$0] }
        var usable: [PackageCandidate] = []
        var unusable: [(version: SemanticVersion, reason: String)] = []
        var previous: SemanticVersion?
        let allowed = yankedAllowed[name] ?? []
        for candidate in sorted where candidate.version != previous {
            previous = candidate.version
            if let reason = candidate.incompatibility {
                unusable.append((candidate.version, reason))
            } else if candidate.yanked && !allowed.contains(candidate.version) {
                unusable.append((candidate.version, "was yanked"))
            } else {
                usable.append(candidate)
            }
        }
        let releases = VersionSet(states: usable.indices.filter { !usable[$0].version.isPrerelease }.map { $0 + 1 })
        return Package(name: name, candidates: usable, unusable: unusable,
                       all: VersionSet.all(candidateCount: usable.count), releases: releases)
    }
}
