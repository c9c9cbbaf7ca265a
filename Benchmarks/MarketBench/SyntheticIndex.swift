import Foundation
import AIPMarketResolver
import AIPTestSupport
import AIPVersioning

/// A marketplace that grew over time: 2,000 packages × 20 versions.
///
/// - Package `i` may depend only on packages published before it (`j < i`), picked with
///   power-law popularity (Zipf, s = 1.1): a few foundation packages are required by most.
/// - Each version is published at a point in time; its requirements name the version of each
///   dependency current at that time, as `^x.y` (60 %), `~x.y.z` (20 %) or `>=x.y.z <X+1.0.0`
///   (20 %). So new versions want new dependencies, and old, unmaintained packages hold old
///   majors back: the conflicts a real index has.
/// - 0–6 requirements per package (mean ≈ 2.3), changing a little from one version to the next.
/// - 80 % of packages start at 1.x, 20 % at 0.x; 90 % are still maintained (last release after
///   t = 0.8), 10 % were abandoned earlier.
/// - Versions bump patch (65 %), minor (30 %) or major (5 %); ~3 % are pre-releases, ~1 % yanked,
///   ~2 % of the newest are built for a newer plugin ABI.
struct SyntheticIndex {
    let candidates: [PackageCandidate]
    let names: [String]
    /// Per package, its versions with their publication time, oldest first.
    let timeline: [[(version: SemanticVersion, time: Double)]]

    static func name(_ index: Int) -> String { "pkg-\(String(index + 10000).dropFirst())" }

    init(packages: Int = 2000, versionsPerPackage: Int = 20, seed: UInt64 = 42) {
        var random = SeededGenerator(seed: seed)
        let names = (0..<packages).map(Self.name)
        let zipfWeights = (0..<packages).map { 1 / pow(Double($0 + 1), 1.1) }
        var prefixSums: [Double] = []
        var total = 0.0
        for weight in zipfWeights {
            total += weight
            prefixSums.append(total)
        }
        func popularDependency(below limit: Int) -> Int {
            let target = Double.random(in: 0..<prefixSums[limit - 1], using: &random)
            var low = 0
            var high = limit - 1
            while low < high {
                let middle = (low + high) / 2
                if prefixSums[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }

        var timeline: [[(version: SemanticVersion, time: Double)]] = []
        var candidates: [PackageCandidate] = []
        for index in 0..<packages {
            // Foundation packages started early; every package's last release lies in [0.4, 1].
            let start = Double.random(in: 0...0.3, using: &random)
            let end = Int.random(in: 0..<10, using: &random) == 0 ? Double.random(in: 0.4...0.8, using: &random) : Double.random(in: 0.8...1, using: &random)
            var history: [(version: SemanticVersion, time: Double)] = []
            var (major, minor, patch) = (Int.random(in: 0..<5, using: &random) == 0 ? 0 : 1, Int.random(in: 0...3, using: &random), 0)
            for step in 0..<versionsPerPackage {
                let time = start + (end - start) * Double(step) / Double(versionsPerPackage - 1)
                let roll = Int.random(in: 0..<100, using: &random)
                if step > 0 {
                    if roll < 5 { (major, minor, patch) = (major + 1, 0, 0) } else if roll < 40 { (minor, patch) = (minor + 1, 0) } else { patch += 1 }
                }
                let prerelease = step > 0 && Int.random(in: 0..<100, using: &random) < 3 ? ["beta", "1"] : []
                history.append((SemanticVersion(major: major, minor: minor, patch: patch, prerelease: prerelease), time))
                if !prerelease.isEmpty { patch += 1 }
            }
            timeline.append(history)

            let fanOutWeights = [15, 25, 25, 15, 10, 6, 4]
            var roll = Int.random(in: 0..<100, using: &random)
            var fanOut = 0
            while roll >= fanOutWeights[fanOut] { roll -= fanOutWeights[fanOut]; fanOut += 1 }
            fanOut = min(fanOut, index)
            var dependencies = Set<Int>()
            while dependencies.count < fanOut { dependencies.insert(popularDependency(below: index)) }
            var styles = [Int: Int]()
            for dependency in dependencies.sorted() { styles[dependency] = Int.random(in: 0..<10, using: &random) }

            for (step, entry) in history.enumerated() {
                // Requirements drift: now and then one is added or dropped between versions.
                if step > 0, index > 0, Int.random(in: 0..<100, using: &random) < 8 {
                    if Bool.random(using: &random), dependencies.count < 6 {
                        let added = popularDependency(below: index)
                        dependencies.insert(added)
                        styles[added] = styles[added] ?? Int.random(in: 0..<10, using: &random)
                    } else if let dropped = dependencies.sorted().randomElement(using: &random) {
                        dependencies.remove(dropped)
                    }
                }
                let requires = dependencies.sorted().compactMap { dependency -> PackageRequirement? in
                    let current = timeline[dependency].last { $0.time <= entry.time && !$0.version.isPrerelease }?.version
                        ?? timeline[dependency][0].version
                    return PackageRequirement(name: names[dependency], range: Self.range(style: styles[dependency] ?? 0, around: current))
                }
                let newest = step >= versionsPerPackage - 2
                candidates.append(PackageCandidate(
                    name: names[index], version: entry.version, requires: requires,
                    yanked: step > 0 && Int.random(in: 0..<100, using: &random) == 0,
                    incompatibility: newest && Int.random(in: 0..<100, using: &random) < 2 ? "needs plugin ABI 2.x, this host speaks 1.0" : nil))
            }
        }
        self.candidates = candidates
        self.names = names
        self.timeline = timeline
    }

    private static func range(style: Int, around version: SemanticVersion) -> VersionRange {
        let text: String
        switch style {
        case 0..<6: text = "^\(version.major).\(version.minor)"
        case 6..<8: text = "~\(version.major).\(version.minor).\(version.patch)"
        default: text = ">=\(version.major).\(version.minor).\(version.patch) <\(version.major + 1).0.0"
        }
        // The text is built from numbers above; it always parses.
        return (try? VersionRange(parsing: text)) ?? .any
    }
}
