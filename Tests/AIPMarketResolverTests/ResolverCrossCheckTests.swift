import AIPMarketResolver
import AIPVersioning
import XCTest

/// The resolver against brute force on small random universes: whenever some selection satisfies
/// every requirement the resolver must find one (and what it finds must be valid), and when none
/// exists it must say so.
final class ResolverCrossCheckTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func testAgreesWithBruteForceOnSeededUniverses() throws {
        for seed in 1...300 {
            var random = Generator(state: UInt64(seed))
            let names = ["a", "b", "c", "d"]
            var entries: [String: [String]] = [:]
            for name in names {
                for major in 1...3 where random.next(4) != 0 {
                    var requires: [String] = []
                    for other in names where other != name && random.next(3) == 0 {
                        let low = 1 + random.next(3)
                        requires.append(random.next(2) == 0 ? "\(other) ^\(low).0.0" : "\(other) >=\(low).0.0")
                    }
                    entries["\(name) \(major).0.0"] = requires
                }
            }
            let universe = Universe(entries)
            let roots = names.filter { _ in random.next(2) == 0 }.map { requirement($0) }
            guard !roots.isEmpty else { continue }
            let brute = bruteForce(universe, roots: roots)
            do {
                let found = try Resolver(source: universe).resolve(ResolutionRequest(roots: roots))
                XCTAssertTrue(valid(found.selected, roots: roots), "seed \(seed): invalid \(found.selected.mapValues(\.version))")
                XCTAssertTrue(brute, "seed \(seed): resolver found what brute force says is impossible")
            } catch {
                XCTAssertFalse(brute, "seed \(seed): brute force found a solution, the resolver said: \(error)")
            }
        }
    }

    private func valid(_ selected: [String: PackageCandidate], roots: [PackageRequirement]) -> Bool {
        for root in roots {
            guard let chosen = selected[root.name], root.range.contains(chosen.version) else { return false }
        }
        for candidate in selected.values {
            for requirement in candidate.requires {
                guard let chosen = selected[requirement.name], requirement.range.contains(chosen.version) else { return false }
            }
        }
        return true
    }

    /// Tries every assignment of (absent or one version) to every package.
    private func bruteForce(_ universe: Universe, roots: [PackageRequirement]) -> Bool {
        let names = universe.packageNames.sorted()
        func search(_ index: Int, _ selected: [String: PackageCandidate]) -> Bool {
            if index == names.count { return valid(selected, roots: roots) }
            if search(index + 1, selected) { return true }
            for candidate in universe.candidates(named: names[index]) {
                var next = selected
                next[names[index]] = candidate
                if search(index + 1, next) { return true }
            }
            return false
        }
        return search(0, [:])
    }
}
