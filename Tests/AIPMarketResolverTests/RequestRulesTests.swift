import AIPMarketResolver
import XCTest

/// Installed versions, upgrades, pins, locks and removals.
final class RequestRulesTests: XCTestCase {
    private let index = IndexFixture("""
        app 1.0.0 -> lib ^1.0
        app 1.1.0 -> lib ^1.2
        lib 1.0.0
        lib 1.2.0
        lib 1.3.0
        lib 2.0.0
        tool 1.0.0 -> lib >=1.2.0
        """)

    func testKeepsAnInstalledVersionThatIsStillAcceptable() {
        let request = ResolutionRequest(roots: [requirement("app")], installed: versions(["app": "1.0.0", "lib": "1.0.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.0.0"])
    }

    func testMovesAnInstalledVersionOnlyAsFarAsANewRequestNeeds() {
        let request = ResolutionRequest(roots: [requirement("tool")], installed: versions(["app": "1.0.0", "lib": "1.0.0"]))
        // tool needs lib >= 1.2; the installed app still needs ^1.0, so lib stops at 1.3.0, not 2.0.0.
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.3.0", "tool": "1.0.0"])
    }

    func testInstalledPackagesNobodyAskedForStayAndStayConsistent() {
        let request = ResolutionRequest(installed: versions(["app": "1.1.0", "lib": "1.2.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.1.0", "lib": "1.2.0"])
    }

    func testUpgradingADependencyRespectsWhatOtherInstalledPackagesNeed() {
        // Nobody asks for app by name, but it is installed and needs lib ^1.0: lib may not jump to 2.0.0.
        let request = ResolutionRequest(installed: versions(["app": "1.0.0", "lib": "1.0.0"]), upgrade: ["lib"])
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.3.0"])
    }

    func testAMissingDependencyOfAnInstalledPackageIsAddedBack() {
        let request = ResolutionRequest(installed: versions(["app": "1.0.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.3.0"])
    }

    func testUpgradeMovesOnlyTheNamedPackages() {
        let installed = versions(["app": "1.0.0", "lib": "1.0.0"])
        let onlyLib = ResolutionRequest(roots: [requirement("app")], installed: installed, upgrade: ["lib"])
        XCTAssertEqual(resolve(index, onlyLib)?.chosen, ["app": "1.0.0", "lib": "1.3.0"])
        let onlyApp = ResolutionRequest(roots: [requirement("app")], installed: installed, upgrade: ["app"])
        // app 1.1.0 needs lib ^1.2, so the installed lib 1.0.0 must move too, but no further than needed.
        XCTAssertEqual(resolve(index, onlyApp)?.chosen, ["app": "1.1.0", "lib": "1.3.0"])
    }

    func testUpgradeAllMovesEverythingToTheNewestAcceptable() {
        let request = ResolutionRequest(installed: versions(["app": "1.0.0", "lib": "1.0.0"]), upgradeAll: true)
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.1.0", "lib": "1.3.0"])
    }

    func testPinsHoldExactlyEvenWhenNewerVersionsFit() {
        let request = ResolutionRequest(roots: [requirement("app")], pins: versions(["lib": "1.2.0"]), upgradeAll: true)
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.1.0", "lib": "1.2.0"])
    }

    func testAPinOnAPackageNobodyNeedsAddsNothing() {
        let request = ResolutionRequest(roots: [requirement("lib ^1.0")], pins: versions(["tool": "1.0.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["lib": "1.3.0"])
    }

    func testAPinMakesTheResolverPickAnOlderDependent() {
        let request = ResolutionRequest(roots: [requirement("app")], pins: versions(["lib": "1.0.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.0.0"])
    }

    func testLockedReproducesTheLockfileExactly() {
        let locked = versions(["app": "1.0.0", "lib": "1.2.0"])
        let request = ResolutionRequest(roots: [requirement("app")], upgradeAll: true, locked: locked)
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.2.0"])
    }

    func testLockedIncludesEveryLockedPackageEvenIfNothingAsksForIt() {
        let request = ResolutionRequest(roots: [requirement("lib")], locked: versions(["lib": "1.2.0", "tool": "1.0.0"]))
        XCTAssertEqual(resolve(index, request)?.chosen, ["lib": "1.2.0", "tool": "1.0.0"])
    }

    func testRemovingAPackageNobodyNeedsDropsIt() {
        let request = ResolutionRequest(installed: versions(["app": "1.0.0", "lib": "1.0.0", "tool": "1.0.0"]).filter { $0.key != "tool" },
                                        removing: ["tool"])
        XCTAssertEqual(resolve(index, request)?.chosen, ["app": "1.0.0", "lib": "1.0.0"])
    }

    func testRemovingWinsOverInstalled() {
        let request = ResolutionRequest(installed: versions(["lib": "1.0.0", "tool": "1.0.0"]), removing: ["tool"])
        XCTAssertEqual(resolve(index, request)?.chosen, ["lib": "1.0.0"])
    }
}
