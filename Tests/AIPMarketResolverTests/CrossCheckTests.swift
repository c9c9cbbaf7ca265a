import AIPMarketResolver
import AIPTestSupport
import XCTest

/// The resolver against exhaustive search on thousands of small random indexes: it must find a
/// valid resolution exactly when one exists, and say why not otherwise.
final class CrossCheckTests: XCTestCase {
    func testAgreesWithBruteForceOnRandomUniverses() {
        let (solved, refused) = crossCheck(seeds: 1...3000) { RandomUniverse(seed: $0) }
        // The generator must exercise both outcomes, or this test proves little.
        XCTAssertGreaterThan(solved, 700, "refused: \(refused)")
        XCTAssertGreaterThan(refused, 1500, "solved: \(solved)")
    }

    /// Five packages with up to five versions each: deeper searches, more backtracking.
    func testAgreesWithBruteForceOnWiderUniverses() {
        let (solved, refused) = crossCheck(seeds: 10_000...10_800) { RandomUniverse(seed: $0, packages: 5...5, versions: 3...5) }
        XCTAssertGreaterThan(solved, 50, "refused: \(refused)")
        XCTAssertGreaterThan(refused, 50, "solved: \(solved)")
    }

    private func crossCheck(seeds: ClosedRange<UInt64>, _ make: (UInt64) -> RandomUniverse) -> (solved: Int, refused: Int) {
        var solved = 0
        var refused = 0
        for seed in seeds {
            let universe = make(seed)
            let expected = BruteForceSolver(candidates: universe.candidates).hasSolution(universe.request)
            do {
                let resolution = try Resolver(source: InMemoryPackageSource(universe.candidates)).resolve(universe.request)
                XCTAssertTrue(expected, "seed \(seed): resolver found \(resolution.chosen) where brute force found nothing")
                if let broken = ResolutionRules.violation(of: resolution.selected, universe.request) {
                    XCTFail("seed \(seed): resolution \(resolution.chosen) breaks a rule: \(broken)")
                }
                XCTAssertEqual(Set(resolution.installOrder), Set(resolution.selected.keys), "seed \(seed)")
                solved += 1
            } catch {
                XCTAssertFalse(expected, "seed \(seed): resolver gave up although a solution exists:\n\(error)")
                XCTAssertTrue(error.description.hasPrefix("Cannot "), "seed \(seed): \(error)")
                // A header alone explains nothing; and the explanation stays short.
                let lineCount = error.description.split(separator: "\n").count
                XCTAssertTrue((2...26).contains(lineCount), "seed \(seed): \(error)")
                refused += 1
            }
        }
        return (solved, refused)
    }

    func testEverySelectedPackageIsNeeded() {
        for seed in UInt64(5000)...5600 {
            let universe = RandomUniverse(seed: seed)
            guard let resolution = try? Resolver(source: InMemoryPackageSource(universe.candidates)).resolve(universe.request) else { continue }
            var needed = Set(universe.request.roots.map(\.name)).union(universe.request.installed.keys)
                .union((universe.request.locked ?? [:]).keys)
            var frontier = Array(needed)
            while let name = frontier.popLast() {
                for dependency in resolution.selected[name]?.requires ?? [] where needed.insert(dependency.name).inserted {
                    frontier.append(dependency.name)
                }
            }
            XCTAssertTrue(Set(resolution.selected.keys).isSubset(of: needed),
                          "seed \(seed): \(resolution.chosen) holds packages nothing needs")
        }
    }

    func testSameInputGivesSameOutputWhateverTheSourceOrder() {
        for seed in UInt64(7000)...7400 {
            let universe = RandomUniverse(seed: seed)
            var random = SeededGenerator(seed: seed)
            let outcomes = (0..<3).map { round -> String in
                let candidates = round == 0 ? universe.candidates : universe.candidates.shuffled(using: &random)
                do {
                    let resolution = try Resolver(source: InMemoryPackageSource(candidates)).resolve(universe.request)
                    return resolution.installOrder.map { "\($0) \(resolution.selected[$0]!.version)" }.joined(separator: ", ")
                } catch {
                    return "\(error)"
                }
            }
            XCTAssertEqual(outcomes[0], outcomes[1], "seed \(seed)")
            XCTAssertEqual(outcomes[0], outcomes[2], "seed \(seed)")
        }
    }
}
