import AIPMarketResolver
import XCTest

/// Yanked, pre-release and incompatible versions.
final class CandidateFilteringTests: XCTestCase {
    private let index = IndexFixture("""
        http 1.0.0
        http 1.1.0 yanked
        http 1.2.0-beta.1
        http 2.0.0-rc.1
        gateway 1.0.0
        gateway 1.1.0 ! needs plugin ABI 2.x, this host speaks 1.0
        gateway 1.2.0 ! is built for aarch64-linux-gnu
        """)

    func testYankedVersionsAreSkipped() {
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("http ^1.0")]))?.chosen, ["http": "1.0.0"])
    }

    func testYankedVersionIsKeptWhenInstalledExactly() {
        let request = ResolutionRequest(roots: [requirement("http ^1.0")], installed: versions(["http": "1.1.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["http": "1.1.0"])
    }

    func testUpgradeLeavesAYankedInstalledVersionForANewerRelease() {
        let newer = IndexFixture("""
            http 1.1.0 yanked
            http 1.3.0
            """)
        let keep = ResolutionRequest(roots: [requirement("http ^1.0")], installed: versions(["http": "1.1.0"]))
        XCTAssertEqual(resolve(newer, keep)?.chosen, ["http": "1.1.0"])
        let upgrade = ResolutionRequest(roots: [requirement("http ^1.0")], installed: versions(["http": "1.1.0"]), upgradeAll: true)
        XCTAssertEqual(resolve(newer, upgrade)?.chosen, ["http": "1.3.0"])
    }

    func testYankedVersionIsUsedWhenPinnedOrLocked() {
        let pinned = ResolutionRequest(roots: [requirement("http")], pins: versions(["http": "1.1.0"]))
        XCTAssertEqual(resolve(index, pinned)?.chosen, ["http": "1.1.0"])
        let locked = ResolutionRequest(roots: [requirement("http")], locked: versions(["http": "1.1.0"]))
        XCTAssertEqual(resolve(index, locked)?.chosen, ["http": "1.1.0"])
    }

    func testPreReleasesOnlyWhenARangeNamesOne() {
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("http")]))?.chosen, ["http": "1.0.0"])
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("http >=2.0.0-rc.1")]))?.chosen, ["http": "2.0.0-rc.1"])
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("http ^1.2.0-beta.1")]))?.chosen, ["http": "1.2.0-beta.1"])
    }

    func testAnInstalledPreReleaseStaysAndFollowsItsTrackOnUpgrade() {
        let installed = IndexFixture("""
            http 1.0.0
            http 2.0.0-beta.1
            http 2.0.0-beta.2
            """)
        let keep = ResolutionRequest(installed: versions(["http": "2.0.0-beta.1"]))
        XCTAssertEqual(resolve(installed, keep)?.chosen, ["http": "2.0.0-beta.1"])
        let upgrade = ResolutionRequest(installed: versions(["http": "2.0.0-beta.1"]), upgradeAll: true)
        XCTAssertEqual(resolve(installed, upgrade)?.chosen, ["http": "2.0.0-beta.2"])
        let release = ResolutionRequest(installed: versions(["http": "1.0.0"]), upgradeAll: true)
        XCTAssertEqual(resolve(installed, release)?.chosen, ["http": "1.0.0"], "a release is never upgraded to a pre-release silently")
    }

    func testIncompatibleVersionsAreNeverChosenEvenWhenPinnedOrInstalled() {
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("gateway")]))?.chosen, ["gateway": "1.0.0"])
        let installed = ResolutionRequest(roots: [requirement("gateway")], installed: versions(["gateway": "1.1.0"]))
        XCTAssertEqual(resolve(index, installed)?.chosen, ["gateway": "1.0.0"])
    }

    func testDuplicateEntriesOfOneVersionPreferTheUsableOne() {
        let duplicated = IndexFixture("""
            dup 1.0.0 ! needs plugin ABI 2.x
            dup 1.0.0
            """)
        XCTAssertEqual(resolve(duplicated, ResolutionRequest(roots: [requirement("dup")]))?.chosen, ["dup": "1.0.0"])
    }
}
