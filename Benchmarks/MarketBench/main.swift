@preconcurrency import Glibc
import AIPMarketResolver
import AIPVersioning
import Foundation

// Resolution benchmark over a synthetic index of 2,000 packages × 20 versions.
//
// Dependencies go from a package to packages with lower numbers (like real ecosystems, a DAG
// with a popular core), and from a release to majors that existed when it was made: 0–6 per version, the targets drawn with a power law so a few packages are
// required by very many, with caret, tilde and bounded ranges over versions that exist.
//   swift run -c release market-bench

struct SyntheticIndex: PackageSource {
    var table: [String: [PackageCandidate]] = [:]

    init(packages: Int, versionsPerPackage: Int, seed: UInt64) {
        var random = SplitMix(state: seed)
        let versions = (0..<versionsPerPackage).map { SemanticVersion(major: 1 + $0 / 5, minor: $0 % 5, patch: 0) }
        for index in 0..<packages {
            let name = "p\(index)"
            table[name] = versions.map { version in
                var requires: [PackageRequirement] = []
                if index > 0 {
                    let count = random.next(7)
                    var targets = Set<Int>()
                    for _ in 0..<count {
                        // Power law: most edges land on the first few hundred packages.
                        let fraction = pow(Double(random.next(1_000_000)) / 1_000_000, 3)
                        targets.insert(Int(fraction * Double(index)))
                    }
                    for target in targets.sorted() {
                        // A release can only require versions that existed when it was made.
                        let major = 1 + random.next(version.major)
                        let text: String
                        // Mostly caret ranges, as in npm and Cargo; some bounded, a few tilde.
                        switch random.next(20) {
                        case 0..<14: text = "^\(major).0.0"
                        case 14..<17: text = ">=\(major).0.0 <\(major + 2).0.0"
                        default: text = "~\(major).\(random.next(5)).0"
                        }
                        requires.append(PackageRequirement(name: "p\(target)", range: try! VersionRange(parsing: text)))
                    }
                }
                return PackageCandidate(name: name, version: version, requires: requires)
            }
        }
    }

    func candidates(named name: String) -> [PackageCandidate] { table[name] ?? [] }
    var packageNames: [String] { Array(table.keys) }
}

struct SplitMix {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}

/// Adds packages that force the search to back out of the newest versions: hard-root 1.k.0
/// (k > 0) needs hard-a 1.k.0, which needs hard-c ^2, and hard-b, which needs hard-c ^1; only
/// hard-root 1.0.0 works.
func addBacktrackingTrap(to index: inout SyntheticIndex) {
    func candidate(_ name: String, _ version: String, _ requires: [String]) -> PackageCandidate {
        PackageCandidate(name: name, version: try! SemanticVersion(parsing: version), requires: requires.map { text in
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            return PackageRequirement(name: parts[0], range: try! VersionRange(parsing: parts[1]))
        })
    }
    index.table["hard-root"] = (0..<20).map { candidate("hard-root", "1.\($0).0", ["hard-a =1.\($0).0", "hard-b *", "p1500 *"]) }
    index.table["hard-a"] = (0..<20).map { candidate("hard-a", "1.\($0).0", [$0 == 0 ? "hard-c ^1" : "hard-c ^2"]) }
    index.table["hard-b"] = [candidate("hard-b", "1.0.0", ["hard-c ^1"])]
    index.table["hard-c"] = [candidate("hard-c", "1.0.0", []), candidate("hard-c", "2.0.0", [])]
}

func measure(_ label: String, runs: Int = 15, _ body: () -> String) {
    var times: [Double] = []
    var note = ""
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        note = body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    let median = times[times.count / 2]
    print(label.padding(toLength: 44, withPad: " ", startingAt: 0)
          + String(format: "%9.2f ms  %9.2f ms   ", median, times[times.count * 9 / 10]) + note)
}

setlinebuf(stdout)
let buildStart = Date()
var index = SyntheticIndex(packages: 2_000, versionsPerPackage: 20, seed: 2026)
addBacktrackingTrap(to: &index)
let edges = index.table.values.flatMap { $0 }.reduce(0) { $0 + $1.requires.count }
print("synthetic index: 2,000 packages × 20 versions, \(edges) requirement edges (built in \(String(format: "%.0f", Date().timeIntervalSince(buildStart) * 1000)) ms)")
print("case".padding(toLength: 44, withPad: " ", startingAt: 0) + "   median        p90      result")

@MainActor func run(_ request: ResolutionRequest) -> String {
    do {
        let resolution = try Resolver(source: index).resolve(request)
        return "\(resolution.selected.count) packages selected"
    } catch {
        return "conflict: " + (error.description.split(separator: "\n").dropFirst().first.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespaces).prefix(60)
    }
}

measure("one root (p1999, deep closure)") { run(ResolutionRequest(roots: [PackageRequirement(name: "p1999", range: .any)])) }
measure("50 roots (p1950…p1999), fresh") {
    run(ResolutionRequest(roots: (1950..<2000).map { PackageRequirement(name: "p\($0)", range: .any) }))
}
// An install made a while ago: resolved when only the older half of every package's versions
// existed, so it is consistent but outdated.
struct OlderSnapshot: PackageSource {
    let full: SyntheticIndex
    func candidates(named name: String) -> [PackageCandidate] {
        full.candidates(named: name).filter { $0.version.major <= 2 }
    }
    var packageNames: [String] { full.packageNames }
}
let installedRoots = (1950..<2000).map { PackageRequirement(name: "p\($0)", range: .any) }
let installed: [String: SemanticVersion] = try! Resolver(source: OlderSnapshot(full: index))
    .resolve(ResolutionRequest(roots: installedRoots)).selected.mapValues(\.version)
measure("upgrade all: 50 roots, \(installed.count) installed") {
    var request = ResolutionRequest(roots: installedRoots)
    request.installed = installed
    request.upgradeAll = true
    return run(request)
}
measure("install 10 more, keeping \(installed.count) installed") {
    var request = ResolutionRequest(roots: installedRoots + (1900..<1910).map { PackageRequirement(name: "p\($0)", range: .any) })
    request.installed = installed
    return run(request)
}
measure("backtracking trap (19 dead newest versions)") { run(ResolutionRequest(roots: [PackageRequirement(name: "hard-root", range: .any)])) }
measure("unsatisfiable (explanation)") {
    run(ResolutionRequest(roots: [PackageRequirement(name: "hard-root", range: .any),
                                  PackageRequirement(name: "hard-c", range: try! VersionRange(parsing: "^2"))]))
}
