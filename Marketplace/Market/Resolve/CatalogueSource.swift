import AIPMarketResolver
import AIPVersioning

/// The catalogue as the resolver sees it: every offered version with its requirements, yanked
/// flag and, for versions that cannot run here, the reason. An installed version that no
/// marketplace lists any more is offered from its install record, so it can be kept.
struct CatalogueSource: PackageSource {
    let catalogue: Catalogue
    var installed: [InstalledPackage] = []

    func candidates(named name: String) -> [PackageCandidate] {
        var result = (catalogue.offers[name] ?? [:]).values.map { offer in
            PackageCandidate(name: offer.name, version: offer.version,
                             requires: offer.release.requires.map { PackageRequirement(name: $0.name, range: $0.range) },
                             yanked: offer.release.yanked, incompatibility: offer.incompatibility)
        }
        if let record = installed.first(where: { $0.name == name }), catalogue.offer(name, record.version) == nil {
            let offer = Marketplace.recordedOffer(record)
            result.append(PackageCandidate(name: name, version: record.version,
                                           requires: offer.release.requires.map { PackageRequirement(name: $0.name, range: $0.range) }))
        }
        return result
    }

    func packageNames() -> [String] { Array(catalogue.offers.keys) }
}
