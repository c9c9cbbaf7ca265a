import AIPBenchSupport
import AIPMarketResolver
import AIPTestSupport
import AIPVersioning
import Foundation

// market-bench: dependency resolution over a synthetic marketplace of 2,000 packages × 20 versions.
// Run it with `swift run -c release market-bench`.

#if DEBUG
print("warning: this is a debug build; run `swift run -c release market-bench` for meaningful figures\n")
#endif

/// The machine is shared: wall time includes waiting for a core, so the fastest round and the
/// CPU time are shown beside the median.
struct Row {
    let name: String
    let milliseconds: Double
    let fastestMilliseconds: Double
    let cpuMilliseconds: Double
    let outcome: String
    let met: Bool
}

let buildStart = nanoseconds()
let index = SyntheticIndex()
@MainActor func newestRelease(of package: Int) -> SemanticVersion {
    index.timeline[package].last { !$0.version.isPrerelease }?.version ?? index.timeline[package][0].version
}
@MainActor func caret(_ package: Int) -> PackageRequirement {
    let version = newestRelease(of: package)
    // What `aip market install NAME` would write: ^MAJOR.0, or ^0.MINOR while below 1.0.
    let text = version.major == 0 ? "^0.\(version.minor)" : "^\(version.major).0"
    return PackageRequirement(name: index.names[package], range: (try? VersionRange(parsing: text)) ?? .any)
}
@MainActor func anyVersion(_ package: Int) -> PackageRequirement { PackageRequirement(name: index.names[package], range: .any) }

let trapPopular = [anyVersion(1999), anyVersion(1998)]
let source = InMemoryPackageSource(index.candidates + Trap.candidates(popular: trapPopular))
let resolver = Resolver(source: source)
print("index: \(index.names.count + 4) packages, \(index.candidates.count + 80) versions, built in \(String(format: "%.0f", Double(nanoseconds() - buildStart) / 1e6)) ms\n")

/// Median wall time of `rounds` resolutions after one warm-up, and what the last one gave.
@MainActor func measure(_ name: String, rounds: Int = 25, expectSuccess: Bool, _ request: ResolutionRequest) -> Row {
    var samples: [Double] = []
    var cpuSamples: [Double] = []
    var outcome = ""
    var succeeded = false
    for round in 0...rounds {
        let start = nanoseconds()
        let cpuStart = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        do {
            let resolution = try resolver.resolve(request)
            let statistics = resolution.statistics
            outcome = "\(resolution.selected.count) selected, \(statistics.packagesConsidered) considered, "
                + "\(statistics.decisions) decisions, \(statistics.conflicts) conflicts"
            succeeded = true
        } catch {
            outcome = "explained in \(error.description.split(separator: "\n").count) lines"
            succeeded = false
            if round == rounds { print("\(name):\n\(error)\n") }
        }
        if round > 0 {
            samples.append(Double(nanoseconds() - start) / 1e6)
            cpuSamples.append(Double(nanoseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart) / 1e6)
        }
    }
    samples.sort()
    cpuSamples.sort()
    let median = samples[samples.count / 2]
    let cpuMedian = cpuSamples[cpuSamples.count / 2]
    if succeeded != expectSuccess { outcome = "UNEXPECTED: " + outcome }
    return Row(name: name, milliseconds: median, fastestMilliseconds: samples[0], cpuMilliseconds: cpuMedian, outcome: outcome,
               met: median <= 100 && succeeded == expectSuccess)
}

var rows: [Row] = []
var random = SeededGenerator(seed: 7)

// 1. One root: among the last 200 packages, the one whose newest version pulls in the most others
//    and can be installed (some cannot: the index has real conflicts, as the tests show).
let newestCandidates = Dictionary(index.candidates.map { ($0.name, $0) }, uniquingKeysWith: { _, newer in newer })
@MainActor func closureSize(of package: Int) -> Int {
    let newest = newestCandidates
    var seen: Set<String> = [index.names[package]]
    var frontier = [index.names[package]]
    while let name = frontier.popLast() {
        for dependency in newest[name]?.requires ?? [] where seen.insert(dependency.name).inserted { frontier.append(dependency.name) }
    }
    return seen.count
}
let bySize: [(package: Int, size: Int)] = (1800..<2000).map { (package: $0, size: closureSize(of: $0)) }
let largestFirst = bySize.sorted { $0.size != $1.size ? $0.size > $1.size : $0.package < $1.package }
@MainActor func installable(_ package: Int) -> Bool {
    (try? resolver.resolve(ResolutionRequest(roots: [caret(package)]))) != nil
}
let single = largestFirst.first { installable($0.package) }?.package ?? 1999
rows.append(measure("one root (\(index.names[single]))", expectSuccess: true, ResolutionRequest(roots: [caret(single)])))

// 2. Fifty roots anywhere in the upper half of the index, any version.
let fifty = Array(Set((0..<200).map { _ in Int.random(in: 1000..<2000, using: &random) })).sorted().prefix(50)
rows.append(measure("50 roots", expectSuccess: true, ResolutionRequest(roots: fifty.map(anyVersion))))

// 3. upgradeAll: a home installed from the index as it was at t = 0.6, upgraded against today's.
let published = Dictionary(uniqueKeysWithValues: index.timeline.enumerated().flatMap { package, history in
    history.map { ("\(index.names[package]) \($0.version)", $0.time) }
})
let pastSource = InMemoryPackageSource(index.candidates.filter { (published["\($0.name) \($0.version)"] ?? 1) <= 0.6 })
var installed: [String: SemanticVersion] = [:]
var installRoots: [PackageRequirement] = []
while installed.count < 200 {
    let root = anyVersion(Int.random(in: 300..<2000, using: &random))
    if let resolution = try? Resolver(source: pastSource).resolve(ResolutionRequest(roots: installRoots + [root], installed: installed)) {
        installRoots.append(root)
        installed = resolution.selected.mapValues(\.version)
    }
}
rows.append(measure("upgradeAll of \(installed.count) installed (\(installRoots.count) requested)", expectSuccess: true,
                    ResolutionRequest(roots: installRoots, installed: installed, upgradeAll: true)))

// 4. Backtracking: the newest 15 versions of trap-app lead to a dead end three levels down.
let trapBase = PackageRequirement(name: "trap-base", range: (try? VersionRange(parsing: "^1.0")) ?? .any)
rows.append(measure("backtracking (trap-app with trap-base ^1)", expectSuccess: true,
                    ResolutionRequest(roots: [PackageRequirement(name: "trap-app", range: .any), trapBase])))

// 5. Unsatisfiable: only the dead-end versions of trap-app are allowed; time to the explanation.
let newApps = PackageRequirement(name: "trap-app", range: (try? VersionRange(parsing: "^3.0")) ?? .any)
rows.append(measure("unsatisfiable, time to explanation", expectSuccess: false,
                    ResolutionRequest(roots: [newApps, trapBase])))

// 6. Unsatisfiable in the synthetic graph itself: the 50 roots, but the most popular package held
//    at its first minor release, which something among them has outgrown.
let first = index.timeline[0][0].version
let oldFoundation = PackageRequirement(name: index.names[0], range: (try? VersionRange(parsing: "~\(first.major).\(first.minor).0")) ?? .any)
rows.append(measure("50 roots + \(oldFoundation) (unsatisfiable)", expectSuccess: false,
                    ResolutionRequest(roots: fifty.map(anyVersion) + [oldFoundation])))

printTable(header: ["case", "median wall", "fastest", "median CPU", "target", "met", "result"], rows: rows.map {
    [$0.name, String(format: "%.2f ms", $0.milliseconds), String(format: "%.2f ms", $0.fastestMilliseconds),
     String(format: "%.2f ms", $0.cpuMilliseconds), "≤ 100 ms", verdict($0.met), $0.outcome]
})
