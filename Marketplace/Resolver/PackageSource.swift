/// Where the resolver learns which versions of a package exist (the marketplace index, usually).
public protocol PackageSource: Sendable {
    /// Every published version of `name`, in any order, including yanked and incompatible ones
    /// (the resolver skips those itself and mentions them when explaining). `[]` means nobody
    /// publishes a package of that name. Called at most once per name and resolution.
    func candidates(named name: String) -> [PackageCandidate]

    /// Every package name the source knows, used only to suggest a name when one is misspelt.
    func packageNames() -> [String]
}

extension PackageSource {
    public func packageNames() -> [String] { [] }
}

/// A source over a fixed list of candidates: for tests, benchmarks, and callers who already
/// hold the whole index in memory.
public struct InMemoryPackageSource: PackageSource, Sendable {
    private let byName: [String: [PackageCandidate]]

    public init(_ candidates: [PackageCandidate]) {
        byName = Dictionary(grouping: candidates, by: \.name)
    }

    public func candidates(named name: String) -> [PackageCandidate] { byName[name] ?? [] }

    public func packageNames() -> [String] { byName.keys.sorted() }
}
