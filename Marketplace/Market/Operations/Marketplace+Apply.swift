import AIPMarketIndex
import AIPPackaging
import AIPVersioning
import Foundation

extension Marketplace {
    /// Carries a plan out in the order that keeps the previous plugins working until the end:
    /// 1. fetch, verify and unpack every new version next to the old ones (a failure here changes
    ///    nothing the host loads);
    /// 2. switch each `current` link (undone if a later switch fails);
    /// 3. remove what the plan removes, record it all in one transaction, write `aip.lock`.
    func apply(_ plan: MarketPlan) throws(MarketError) {
        guard !plan.isEmpty else { return }
        let targets = plan.steps.compactMap(\.target)
        for offer in targets {
            try unpack(offer)
        }

        var switched: [(name: String, previous: SemanticVersion?)] = []
        for offer in targets {
            let previous = store.activeVersion(of: offer.name)
            do {
                try store.activate(name: offer.name, version: offer.version)
            } catch {
                for (name, version) in switched.reversed() {
                    if let version { try? store.activate(name: name, version: version) }
                }
                throw error
            }
            switched.append((offer.name, previous))
        }
        for case .remove(let name, _) in plan.steps {
            try store.remove(name: name)
        }
        try record(plan)
        for offer in targets {
            // Keep the version just replaced for rollback; older ones go.
            let keep = Set([offer.version] + (switched.first { $0.name == offer.name }?.previous.map { [$0] } ?? []))
            store.prune(name: offer.name, keeping: keep)
        }
        try writeLockfile()
    }

    /// Makes `plugins/NAME/VERSION/` hold a verified copy of the offer, downloading it only when
    /// the files on disk are missing or damaged.
    private func unpack(_ offer: Catalogue.Offer) throws(MarketError) {
        if store.versionsOnDisk(of: offer.name).contains(offer.version),
           store.verify(name: offer.name, version: offer.version).isEmpty {
            return
        }
        guard !offer.archiveURL.isEmpty else {
            throw MarketError("\(offer.name) \(offer.version): its files are damaged and there is no archive to fetch them from again")
        }
        say("fetching \(offer.name) \(offer.version) from \(offer.archiveURL)")
        let archive = try sources.transport.fetchArchive(url: offer.archiveURL, sha256: offer.release.sha256, size: offer.release.size)
        let staged = try store.stage(archive: archive, name: offer.name, version: offer.version,
                                     release: offer.fromIndex ? offer.release : nil)
        try store.place(staged: staged, name: offer.name, version: offer.version)
    }

    private func record(_ plan: MarketPlan) throws(MarketError) {
        let before = Dictionary(try state.installed().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var change = MarketState.Change()
        for step in plan.steps {
            switch step {
            case .remove(let name, let version):
                change.removals.append(name)
                change.history.append((name, .remove, version, nil))
            case .install(let offer), .upgrade(_, let offer), .downgrade(_, let offer):
                let old = before[offer.name]
                let explicit = plan.requested.contains(offer.name) || (old?.explicit ?? false)
                change.upserts.append(InstalledPackage(
                    name: offer.name, version: offer.version, marketplace: offer.marketplace, archiveURL: offer.archiveURL,
                    sha256: offer.release.sha256, enabled: old?.enabled ?? true,
                    pinned: plan.pins[offer.name] ?? old?.pinned ?? false, explicit: explicit,
                    requires: offer.release.requires.map { "\($0.name)@\($0.range)" }))
                let action: HistoryEntry.Action
                switch step {
                case .install: action = .install
                case .upgrade: action = .upgrade
                default: action = .downgrade
                }
                change.history.append((offer.name, action, old?.version, offer.version))
            }
        }
        // Pins that change without a version change (pin to the installed version).
        for (name, pinned) in plan.pins where !plan.steps.contains(where: { $0.name == name }) {
            guard var package = before[name], package.pinned != pinned else { continue }
            package.pinned = pinned
            package.explicit = package.explicit || plan.requested.contains(name)
            change.upserts.append(package)
            change.history.append((name, pinned ? .pin : .unpin, package.version, package.version))
        }
        try state.apply(change)
    }

    /// `aip.lock` from what is installed now.
    func writeLockfile() throws(MarketError) {
        var entries: [String: Lockfile.Entry] = [:]
        for package in try state.installed() {
            entries[package.name] = Lockfile.Entry(version: package.version, marketplace: package.marketplace,
                                                   archiveURL: package.archiveURL, sha256: package.sha256,
                                                   explicit: package.explicit, requires: package.requires)
        }
        try AtomicFile.write(Array(Lockfile(packages: entries).serialized().utf8), to: home.lockfile)
    }

    /// An offer rebuilt from an install record or lockfile entry: the archive is pinned by its
    /// sha256; the size is unknown (0), so only the archive size bound applies to the download.
    static func recordedOffer(_ record: InstalledPackage) -> Catalogue.Offer {
        let requires = record.requires.compactMap { text -> MarketIndex.Dependency? in
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let range = try? VersionRange(parsing: parts[1]) else { return nil }
            return MarketIndex.Dependency(name: parts[0], range: range)
        }
        let release = MarketIndex.Release(archive: record.archiveURL, sha256: record.sha256, size: 0, abi: .any, host: .any,
                                          platform: HostPlatform.triple, swiftToolchain: nil, requires: requires, provides: [])
        var offer = Catalogue.Offer(name: record.name, version: record.version, release: release,
                                    marketplace: record.marketplace, archiveURL: record.archiveURL, incompatibility: nil)
        offer.fromIndex = false
        return offer
    }

    /// Every requirement recorded in a lockfile is met by another entry of it.
    static func checkConsistent(_ lock: Lockfile) throws(MarketError) {
        for (name, entry) in lock.packages.sorted(by: { $0.key < $1.key }) {
            for requirement in entry.requires {
                let parts = requirement.split(separator: "@", maxSplits: 1).map(String.init)
                guard parts.count == 2, let range = try? VersionRange(parsing: parts[1]) else {
                    throw MarketError("aip.lock: packages.\(name).requires: \(requirement.debugDescription) is not NAME@RANGE")
                }
                guard let provider = lock.packages[parts[0]], range.contains(provider.version) else {
                    throw MarketError("aip.lock is inconsistent: \(name) \(entry.version) requires \(parts[0]) \(range), which the lockfile does not provide")
                }
            }
        }
    }

    /// Lockfile entries with dependencies first (names sorted within a level, so the order is stable).
    static func installOrder(_ lock: Lockfile) -> [String] {
        var order: [String] = []
        var placed = Set<String>()
        func visit(_ name: String, _ path: Set<String>) {
            guard !placed.contains(name), !path.contains(name), let entry = lock.packages[name] else { return }
            for requirement in entry.requires.sorted() {
                if let dependency = requirement.split(separator: "@").first { visit(String(dependency), path.union([name])) }
            }
            if placed.insert(name).inserted { order.append(name) }
        }
        for name in lock.packages.keys.sorted() { visit(name, []) }
        return order
    }
}
