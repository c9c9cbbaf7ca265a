import AIPMarketResolver
import AIPVersioning

/// The catalogue as the resolver sees it: every offered version with its requirements, yanked
/// flag and, for versions that cannot run here, the reason.
struct CatalogueSource: PackageSource {
    let catalogue: Catalogue

    func candidates(named name: String) -> [PackageCandidate] {
        (catalogue.offers[name] ?? [:]).values.map { offer in
            PackageCandidate(name: offer.name, version: offer.version,
                             requires: offer.release.requires.map { PackageRequirement(name: $0.name, range: $0.range) },
                             yanked: offer.release.yanked, incompatibility: offer.incompatibility)
        }
    }

    var packageNames: [String] { Array(catalogue.offers.keys) }
}
