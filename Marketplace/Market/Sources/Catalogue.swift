import AIPMarketIndex
import AIPVersioning
import Foundation

/// Every package offered by the configured marketplaces, merged: what search, info, the resolver
/// and the installer read. When two marketplaces publish the same version of a package, the one
/// whose name sorts first wins, so the choice is reproducible.
public struct Catalogue: Sendable {
    public struct Offer: Sendable {
        public let name: String
        public let version: SemanticVersion
        public let release: MarketIndex.Release
        public let marketplace: String
        /// The archive's absolute URL (relative archive paths resolved against the index URL).
        public let archiveURL: String
        /// Why it cannot run here; nil when it can.
        public let incompatibility: String?
        /// False for an offer rebuilt from a lockfile or the install records rather than read from a
        /// signed index: its archive is pinned by sha256, but platform and capabilities are unknown.
        public var fromIndex: Bool = true
    }

    public struct PackageInfo: Sendable {
        public let name: String
        public let description: String
        public let license: String
        public let homepage: String?
        public let marketplace: String
    }

    public private(set) var offers: [String: [SemanticVersion: Offer]] = [:]
    public private(set) var packages: [String: PackageInfo] = [:]

    public init(indexes: [(marketplace: String, url: String, index: MarketIndex)], compatibility: Compatibility) {
        for (marketplace, url, index) in indexes.sorted(by: { $0.marketplace > $1.marketplace }) {
            for (name, package) in index.packages {
                packages[name] = PackageInfo(name: name, description: package.description, license: package.license,
                                             homepage: package.homepage, marketplace: marketplace)
                for (version, release) in package.versions {
                    offers[name, default: [:]][version] = Offer(
                        name: name, version: version, release: release, marketplace: marketplace,
                        archiveURL: Self.absolute(release.archive, relativeTo: url),
                        incompatibility: compatibility.problem(with: release))
                }
            }
        }
    }

    public func offer(_ name: String, _ version: SemanticVersion) -> Offer? { offers[name]?[version] }

    /// The newest version that is neither yanked nor incompatible nor a prerelease.
    public func newest(_ name: String) -> Offer? {
        (offers[name] ?? [:]).values.filter { !$0.release.yanked && $0.incompatibility == nil && !$0.version.isPrerelease }
            .max { $0.version < $1.version }
    }

    /// Packages whose name, description or capabilities contain `term` (case-insensitive), best first:
    /// exact name, name prefix, name substring, then description or capability matches.
    public func search(_ term: String) -> [PackageInfo] {
        let needle = term.lowercased()
        func rank(_ info: PackageInfo) -> Int? {
            let name = info.name.lowercased()
            if name == needle { return 0 }
            if name.hasPrefix(needle) { return 1 }
            if name.contains(needle) { return 2 }
            if info.description.lowercased().contains(needle) { return 3 }
            let capabilities = (offers[info.name] ?? [:]).values.flatMap(\.release.provides)
            if capabilities.contains(where: { $0.lowercased().contains(needle) }) { return 4 }
            return nil
        }
        return packages.values.compactMap { info in rank(info).map { (info, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.name < $1.0.name }.map(\.0)
    }

    static func absolute(_ archive: String, relativeTo indexURL: String) -> String {
        if archive.contains("://") { return archive }
        guard let base = URL(string: indexURL), let resolved = URL(string: archive, relativeTo: base) else {
            return archive
        }
        return resolved.absoluteString
    }
}
