import AIPMarketIndex
import AIPVersioning

extension Marketplace {
    public struct ListedPackage: Sendable {
        public let package: InstalledPackage
        /// The newest version the marketplaces offer that could run here, when newer than installed.
        public let newer: SemanticVersion?
    }

    /// Installed packages; with `outdated`, only those for which a newer compatible version exists.
    /// Works offline: without a usable index no newer versions are reported.
    public func list(outdated: Bool = false) throws(MarketError) -> [ListedPackage] {
        let catalogue = outdated ? try sources.catalogue(refresh: true, warn: say) : try? sources.catalogue(fetchMissing: false)
        return try state.installed().compactMap { package in
            let newest = catalogue?.newest(package.name)?.version
            let newer = newest.flatMap { $0 > package.version ? $0 : nil }
            if outdated && newer == nil { return nil }
            return ListedPackage(package: package, newer: newer)
        }
    }

    public struct VerifyReport: Sendable {
        public let name: String
        public let version: SemanticVersion
        public let problems: [String]
        public var ok: Bool { problems.isEmpty }
    }

    /// Re-hashes every installed file against the checksums it was shipped with, and checks that
    /// the active version is the one recorded.
    public func verify() throws(MarketError) -> [VerifyReport] {
        try state.installed().map { package in
            var problems: [String] = []
            let active = store.activeVersion(of: package.name)
            if active != package.version {
                problems.append("the active version on disk is \(active?.description ?? "none"), the records say \(package.version)")
            }
            problems += store.verify(name: package.name, version: package.version)
            return VerifyReport(name: package.name, version: package.version, problems: problems)
        }
    }

    public struct PackageDetails: Sendable {
        public let info: Catalogue.PackageInfo
        /// Newest first.
        public let offers: [Catalogue.Offer]
        public let installed: InstalledPackage?
        public let history: [HistoryEntry]
    }

    public func info(_ name: String) throws(MarketError) -> PackageDetails {
        let catalogue = try sources.catalogue()
        guard let info = catalogue.packages[name] else {
            let suggestions = catalogue.search(name).prefix(3).map(\.name)
            throw MarketError("no marketplace offers a package named \(name)" +
                              (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"))
        }
        let offers = (catalogue.offers[name] ?? [:]).values.sorted { $0.version > $1.version }
        return PackageDetails(info: info, offers: offers, installed: try state.installed(name), history: try state.history(of: name))
    }

    public func search(_ term: String) throws(MarketError) -> [(info: Catalogue.PackageInfo, newest: Catalogue.Offer?)] {
        let catalogue = try sources.catalogue()
        return catalogue.search(term).map { ($0, catalogue.newest($0.name)) }
    }
}
