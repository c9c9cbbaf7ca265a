import AIPMarketIndex
import AIPMarketResolver
import AIPVersioning
import Foundation

/// The operations behind `aip market`: each change is planned first (the resolver decides what
/// to install, upgrade or remove), then either returned as it is (`dryRun`) or carried out under
/// the install lock so that a failure leaves the previous plugins working.
public final class Marketplace {
    public let home: MarketHome
    public let sources: MarketSources
    public let state: MarketState
    public let store: PluginStore
    /// Progress messages for people (the CLI prints them to stderr).
    let say: (String) -> Void

    public init(home: MarketHome, sources: MarketSources, say: @escaping (String) -> Void = { _ in }) {
        self.home = home
        self.sources = sources
        self.state = sources.state
        self.store = PluginStore(root: home.pluginsRoot)
        self.say = say
    }

    // MARK: Planning

    /// Installs (or changes the wanted range of) packages; everything already installed stays
    /// unless a requirement forces a change.
    public func install(_ requests: [PackageRequest], dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            let catalogue = try sources.catalogue(refresh: true, warn: say)
            let installed = try state.installed()
            var roots = Dictionary(installed.filter(\.explicit).map { ($0.name, PackageRequirement(name: $0.name, range: .any)) },
                                   uniquingKeysWith: { first, _ in first })
            var upgrade = Set<String>()
            for request in requests {
                roots[request.name] = PackageRequirement(name: request.name, range: request.range)
                if let current = installed.first(where: { $0.name == request.name }), !request.range.contains(current.version) {
                    upgrade.insert(request.name)
                }
            }
            var plan = try plan(catalogue: catalogue, installed: installed, roots: Array(roots.values), upgrade: upgrade)
            plan.requested = Set(requests.map(\.name))
            return plan
        }
    }

    /// Moves the named packages (all when empty) to the newest versions the requirements allow.
    /// Pinned packages stay where they are.
    public func upgrade(_ names: [String], dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            let catalogue = try sources.catalogue(refresh: true, warn: say)
            let installed = try state.installed()
            for name in names where !installed.contains(where: { $0.name == name }) {
                throw MarketError("\(name) is not installed (installed: \(Self.names(installed)))")
            }
            let roots = installed.filter(\.explicit).map { PackageRequirement(name: $0.name, range: .any) }
            return try plan(catalogue: catalogue, installed: installed, roots: roots,
                            upgrade: names.isEmpty ? Set(installed.map(\.name)) : Set(names))
        }
    }

    /// Installs exactly `version` and pins it, so upgrades leave it alone until `pin` moves it.
    public func pin(_ name: String, version: SemanticVersion, dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            let catalogue = try sources.catalogue(refresh: true, warn: say)
            var installed = try state.installed()
            if let index = installed.firstIndex(where: { $0.name == name }) { installed[index].pinned = false }
            guard catalogue.offer(name, version) != nil || installed.contains(where: { $0.name == name && $0.version == version }) else {
                let known = (catalogue.offers[name] ?? [:]).keys.sorted(by: >).prefix(10).map(\.description)
                throw MarketError("cannot pin \(name) to \(version): no marketplace offers that version" +
                                  (known.isEmpty ? "" : " (offered: \(known.joined(separator: ", ")))"))
            }
            var roots = Dictionary(installed.filter(\.explicit).map { ($0.name, PackageRequirement(name: $0.name, range: .any)) },
                                   uniquingKeysWith: { first, _ in first })
            roots[name] = PackageRequirement(name: name, range: .any)
            var plan = try plan(catalogue: catalogue, installed: installed, roots: Array(roots.values), upgrade: [],
                                extraPins: [name: version])
            plan.requested.insert(name)
            plan.pins[name] = true
            return plan
        }
    }

    /// Removes a package; refused while another installed package needs it. Dependencies that
    /// were installed only for it go too.
    public func remove(_ name: String, dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            let installed = try state.installed()
            guard let target = installed.first(where: { $0.name == name }) else {
                throw MarketError("\(name) is not installed (installed: \(Self.names(installed)))")
            }
            let dependents = installed.filter { other in
                other.name != name && other.requires.contains { $0.split(separator: "@").first.map(String.init) == name }
            }
            guard dependents.isEmpty else {
                throw MarketError("cannot remove \(name): \(dependents.map { "\($0.name) \($0.version)" }.joined(separator: ", ")) require\(dependents.count == 1 ? "s" : "") it; remove \(dependents.count == 1 ? "that" : "those") first")
            }
            var remaining = installed.filter { $0.name != name }
            var steps: [MarketPlan.Step] = [.remove(name: name, version: target.version)]
            // Dependencies nobody asked for by name and nobody needs any more.
            while let orphan = remaining.first(where: { candidate in
                !candidate.explicit && !remaining.contains { $0.requires.contains { $0.split(separator: "@").first.map(String.init) == candidate.name } }
            }) {
                steps.append(.remove(name: orphan.name, version: orphan.version))
                remaining.removeAll { $0.name == orphan.name }
            }
            return MarketPlan(steps: steps)
        }
    }

    /// Returns a package to the version it had before its last change. The older version's
    /// files are still on disk (verified before use), so the switch restores them exactly.
    public func rollback(_ name: String, dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            guard let current = try state.installed(name) else { throw MarketError("\(name) is not installed") }
            guard let previous = try state.history(of: name).last(where: { $0.toVersion == current.version && $0.fromVersion != nil })?.fromVersion else {
                throw MarketError("\(name) \(current.version) has no earlier version to roll back to")
            }
            let offer = try offerForRollback(name: name, version: previous)
            let step: MarketPlan.Step = previous < current.version ? .downgrade(from: current.version, to: offer)
                : .upgrade(from: current.version, to: offer)
            return MarketPlan(steps: [step], pins: current.pinned ? [name: true] : [:])
        }
    }

    /// Reproduces `aip.lock` exactly: the versions and archives it records, nothing else.
    public func installLocked(dryRun: Bool = false) throws(MarketError) -> MarketPlan {
        try change(dryRun: dryRun) { () throws(MarketError) in
            let lock = try Lockfile.load(path: home.lockfile)
            try Self.checkConsistent(lock)
            let catalogue = try? sources.catalogue()
            let installed = Dictionary(try state.installed().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            var steps: [MarketPlan.Step] = []
            for name in Self.installOrder(lock) {
                guard let entry = lock.packages[name] else { continue }
                if let offer = catalogue?.offer(name, entry.version), offer.release.sha256 != entry.sha256 {
                    throw MarketError("\(name) \(entry.version): aip.lock records sha256 \(entry.sha256) but marketplace \(offer.marketplace) now serves \(offer.release.sha256): the published archive changed; refusing to install it")
                }
                if let current = installed[name], current.version == entry.version, current.sha256 == entry.sha256 { continue }
                let offer = catalogue?.offer(name, entry.version) ?? Self.recordedOffer(InstalledPackage(
                    name: name, version: entry.version, marketplace: entry.marketplace, archiveURL: entry.archiveURL,
                    sha256: entry.sha256, explicit: entry.explicit, requires: entry.requires))
                if let current = installed[name] {
                    steps.append(current.version < entry.version ? .upgrade(from: current.version, to: offer)
                                 : .downgrade(from: current.version, to: offer))
                } else {
                    steps.append(.install(offer))
                }
            }
            for (name, package) in installed where lock.packages[name] == nil {
                steps.append(.remove(name: name, version: package.version))
            }
            return MarketPlan(steps: steps, requested: Set(lock.packages.filter(\.value.explicit).keys))
        }
    }

    // MARK: Shared planning

    /// Runs the resolver and turns its answer into steps.
    func plan(catalogue: Catalogue, installed: [InstalledPackage], roots: [PackageRequirement], upgrade: Set<String>,
              extraPins: [String: SemanticVersion] = [:]) throws(MarketError) -> MarketPlan {
        var request = ResolutionRequest(roots: roots.sorted { $0.name < $1.name })
        request.installed = Dictionary(installed.map { ($0.name, $0.version) }, uniquingKeysWith: { first, _ in first })
        request.pins = Dictionary(installed.filter(\.pinned).map { ($0.name, $0.version) }, uniquingKeysWith: { first, _ in first })
            .merging(extraPins) { _, new in new }
        request.upgrade = upgrade
        let resolution: Resolution
        do {
            resolution = try Resolver(source: CatalogueSource(catalogue: catalogue, installed: installed)).resolve(request)
        } catch {
            throw MarketError(error.description)
        }
        let current = Dictionary(installed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var steps: [MarketPlan.Step] = []
        for name in resolution.installOrder {
            guard let chosen = resolution.selected[name] else { continue }
            let offer = catalogue.offer(name, chosen.version) ?? current[name].map { Self.recordedOffer($0) }
            guard let offer else { continue }
            if let existing = current[name] {
                if existing.version == chosen.version { continue }
                steps.append(existing.version < chosen.version ? .upgrade(from: existing.version, to: offer)
                             : .downgrade(from: existing.version, to: offer))
            } else {
                steps.append(.install(offer))
            }
        }
        for package in installed where resolution.selected[package.name] == nil {
            steps.append(.remove(name: package.name, version: package.version))
        }
        return MarketPlan(steps: steps)
    }

    /// Plans under the install lock, and carries the plan out unless this is a dry run.
    func change(dryRun: Bool, _ planning: () throws(MarketError) -> MarketPlan) throws(MarketError) -> MarketPlan {
        if dryRun { return try planning() }
        let lock = try InstallLock(path: home.lockPath) { [say] holder in
            say("waiting for another aip process\(holder.map { " (pid \($0))" } ?? "") to finish changing plugins...")
        }
        defer { lock.release() }
        let plan = try planning()
        try apply(plan)
        return plan
    }

    /// The offer for a version installed before: from a marketplace when one still offers it,
    /// otherwise from what was recorded when it was installed (its files may still be on disk).
    private func offerForRollback(name: String, version: SemanticVersion) throws(MarketError) -> Catalogue.Offer {
        if let offer = (try? sources.catalogue(fetchMissing: false))?.offer(name, version) { return offer }
        guard let record = try state.installedVersion(name, version) else {
            throw MarketError("cannot roll \(name) back to \(version): no record of its archive and no marketplace offers it")
        }
        guard store.versionsOnDisk(of: name).contains(version) || !record.archiveURL.isEmpty else {
            throw MarketError("cannot roll \(name) back to \(version): its files are gone and no marketplace offers it any more")
        }
        return Self.recordedOffer(record)
    }

    static func names(_ installed: [InstalledPackage]) -> String {
        installed.isEmpty ? "none" : installed.map(\.name).joined(separator: ", ")
    }
}
