@testable import AIPMarketResolver
import XCTest

final class VersionSetTests: XCTestCase {
    func testSmallSetAlgebra() {
        let a = VersionSet(states: [0, 1, 2, 5])
        let b = VersionSet(states: [2, 3, 5])
        XCTAssertEqual(a.intersection(b).states, [2, 5])
        XCTAssertEqual(a.union(b).states, [0, 1, 2, 3, 5])
        XCTAssertEqual(a.subtracting(b).states, [0, 1])
        XCTAssertTrue(VersionSet(states: [2, 5]).isSubset(of: a))
        XCTAssertFalse(b.isSubset(of: a))
        XCTAssertTrue(VersionSet(states: [1]).isDisjoint(with: b))
        XCTAssertEqual(a.count, 4)
        XCTAssertEqual(a.lowest, 0)
        XCTAssertEqual(a.newestCandidate, 1)
        XCTAssertTrue(VersionSet.empty.isEmpty)
        XCTAssertEqual(VersionSet.all(candidateCount: 3).states, [0, 1, 2, 3])
    }

    /// Packages with more than 63 versions spill into more words; the algebra must not notice.
    func testLargeSetsBehaveLikeSmallOnes() {
        let wide = VersionSet.all(candidateCount: 200)
        XCTAssertEqual(wide.count, 201)
        let high = VersionSet(states: [64, 130, 200])
        XCTAssertTrue(high.isSubset(of: wide))
        XCTAssertEqual(wide.subtracting(high).count, 198)
        XCTAssertEqual(high.intersection(VersionSet(states: [1, 130])).states, [130])
        XCTAssertEqual(high.union(VersionSet(states: [1])).states, [1, 64, 130, 200])
        XCTAssertEqual(high.lowest, 64)
        XCTAssertTrue(high.isDisjoint(with: VersionSet(states: [1, 65])))
        XCTAssertFalse(high.isDisjoint(with: VersionSet(states: [200])))
        // One representation per set: a large set emptied of its high states equals the small one.
        XCTAssertEqual(VersionSet(states: [1, 100]).subtracting(VersionSet(state: 100)), VersionSet(state: 1))
        XCTAssertEqual(VersionSet(states: [100]).subtracting(VersionSet(state: 100)), .empty)
        XCTAssertTrue(VersionSet(states: [100]).subtracting(VersionSet(state: 100)).isEmpty)
    }

    func testResolvesAPackageWithManyVersions() {
        // 150 versions: the chosen one lives in the third word of the set.
        let lines = (0..<150).map { "big 1.\($0).0" } + ["app 1.0.0 -> big >=1.20.0 <1.21.0"]
        let index = IndexFixture(lines.joined(separator: "\n"))
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("app")]))?.chosen, ["app": "1.0.0", "big": "1.20.0"])
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("big <1.3.0")]))?.chosen, ["big": "1.2.0"])
    }
}
