import AIPMarketResolver
import AIPVersioning
import XCTest

final class ResolverTests: XCTestCase {
    private func resolve(_ universe: Universe, _ roots: [String], configure: (inout ResolutionRequest) -> Void = { _ in })
        throws -> [String: String] {
        var request = ResolutionRequest(roots: roots.map(requirement))
        configure(&request)
        let resolution = try Resolver(source: universe).resolve(request)
        return resolution.selected.mapValues { $0.version.description }
    }

    private func conflict(_ universe: Universe, _ roots: [String], configure: (inout ResolutionRequest) -> Void = { _ in })
        -> String {
        var request = ResolutionRequest(roots: roots.map(requirement))
        configure(&request)
        do {
            let resolution = try Resolver(source: universe).resolve(request)
            XCTFail("resolved: \(resolution.selected.mapValues(\.version))")
            return ""
        } catch {
            return error.description
        }
    }

    func testChainsTakeTheNewestVersionsAndOrderDependenciesFirst() throws {
        let universe = Universe([
            "app 1.0.0": ["lib ^1.0"], "app 1.1.0": ["lib ^1.2"],
            "lib 1.0.0": ["base *"], "lib 1.3.0": ["base ^2"], "lib 2.0.0": [],
            "base 1.0.0": [], "base 2.1.0": [],
        ])
        var request = ResolutionRequest(roots: [requirement("app")])
        let resolution = try Resolver(source: universe).resolve(request)
        XCTAssertEqual(resolution.selected.mapValues(\.version.description), ["app": "1.1.0", "lib": "1.3.0", "base": "2.1.0"])
        XCTAssertEqual(resolution.installOrder, ["base", "lib", "app"])
        request.roots.append(requirement("lib ^1.0"))
        XCTAssertEqual(try Resolver(source: universe).resolve(request).installOrder, ["base", "lib", "app"])
    }

    func testDiamondAgreesOnOneVersion() throws {
        let universe = Universe([
            "top 1.0.0": ["left *", "right *"], "left 1.0.0": ["shared >=1.1.0"], "right 1.0.0": ["shared <1.3.0"],
            "shared 1.0.0": [], "shared 1.2.0": [], "shared 1.4.0": [],
        ])
        XCTAssertEqual(try resolve(universe, ["top"])["shared"], "1.2.0")
    }

    func testBacktracksOutOfADeadEndUnderTheNewestVersion() throws {
        // app 2.0.0 needs lib ^3, whose only version needs a base nobody has: back off to app 1.x.
        let universe = Universe([
            "app 1.0.0": ["lib ^1"], "app 2.0.0": ["lib ^3"],
            "lib 1.0.0": ["base ^1"], "lib 3.0.0": ["base ^9"],
            "base 1.0.0": [],
        ])
        XCTAssertEqual(try resolve(universe, ["app"]), ["app": "1.0.0", "lib": "1.0.0", "base": "1.0.0"])
    }

    func testDeepBacktrackingAcrossSeveralLevels() throws {
        // Only the oldest x works with the only y: the search has to undo two levels of choices.
        var entries: [String: [String]] = ["y 1.0.0": ["z =1.0.0"], "z 1.0.0": [], "z 2.0.0": []]
        for minor in 0..<6 { entries["x 1.\(minor).0"] = minor == 0 ? ["z =1.0.0"] : ["z =2.0.0"] }
        XCTAssertEqual(try resolve(Universe(entries), ["x", "y"]), ["x": "1.0.0", "y": "1.0.0", "z": "1.0.0"])
    }

    func testInstalledVersionsArePreferredUntilUpgraded() throws {
        let universe = Universe(["lib 1.0.0": [], "lib 1.1.0": [], "lib 1.2.0": []])
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.installed = ["lib": version("1.1.0")] }["lib"], "1.1.0")
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.installed = ["lib": version("1.1.0")]; $0.upgrade = ["lib"] }["lib"], "1.2.0")
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.installed = ["lib": version("1.1.0")]; $0.upgradeAll = true }["lib"], "1.2.0")
        // An installed version outside the new range is not kept.
        XCTAssertEqual(try resolve(universe, ["lib ~1.0.0"]) { $0.installed = ["lib": version("1.1.0")] }["lib"], "1.0.0")
    }

    func testPinsAndLocksAreExact() throws {
        let universe = Universe(["lib 1.0.0": [], "lib 1.1.0": [], "app 1.0.0": ["lib ^1.1"]])
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.pins = ["lib": version("1.0.0")] }["lib"], "1.0.0")
        let pinned = conflict(universe, ["app"]) { $0.pins = ["lib": version("1.0.0")] }
        XCTAssertTrue(pinned.contains("it is pinned to 1.0.0"), pinned)
        XCTAssertTrue(pinned.contains("^1.1 (required by app 1.0.0)"), pinned)
        XCTAssertEqual(try resolve(universe, ["app"]) { $0.locked = ["app": version("1.0.0"), "lib": version("1.1.0")] },
                       ["app": "1.0.0", "lib": "1.1.0"])
        let locked = conflict(universe, ["app"]) { $0.locked = ["app": version("1.0.0")] }
        XCTAssertTrue(locked.contains("the lockfile does not list it"), locked)
    }

    func testYankedVersionsOnlyWhenAlreadyThere() throws {
        let universe = Universe(["lib 1.0.0": [], "lib 1.1.0!": []])
        XCTAssertEqual(try resolve(universe, ["lib"])["lib"], "1.0.0")
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.installed = ["lib": version("1.1.0")] }["lib"], "1.1.0")
        XCTAssertEqual(try resolve(universe, ["lib"]) { $0.pins = ["lib": version("1.1.0")] }["lib"], "1.1.0")
        let message = conflict(universe, ["lib =1.1.0"])
        XCTAssertTrue(message.contains("1.1.0 is yanked"), message)
    }

    func testPrereleasesOnlyWhenARangeNamesOne() throws {
        let universe = Universe(["lib 1.0.0": [], "lib 2.0.0-beta.1": []])
        XCTAssertEqual(try resolve(universe, ["lib"])["lib"], "1.0.0")
        XCTAssertEqual(try resolve(universe, ["lib >=2.0.0-beta.0"])["lib"], "2.0.0-beta.1")
    }

    func testIncompatibleVersionsAreSkippedAndNamed() throws {
        let universe = Universe(["lib 1.0.0": [], "lib 2.0.0?needs plugin ABI 2.x, this host speaks 1.0": []])
        XCTAssertEqual(try resolve(universe, ["lib"])["lib"], "1.0.0")
        let message = conflict(universe, ["lib ^2"])
        XCTAssertEqual(message, """
            Cannot satisfy your request for lib ^2:
              no usable version of lib matches ^2 (required by you) — lib 2.0.0 needs plugin ABI 2.x, this host speaks 1.0 (available: 2.0.0, 1.0.0)
            """)
    }

    func testConflictBetweenTwoRequirersIsExplainedWordForWord() {
        let universe = Universe([
            "gateway 1.4.0": ["http ^2.1"], "prompt 2.0.0": ["http ^3.0"],
            "http 2.1.0": [], "http 2.2.3": [], "http 3.0.0": [],
        ])
        XCTAssertEqual(conflict(universe, ["gateway ^1.4", "prompt ^2.0"]), """
            Cannot satisfy your request for gateway ^1.4, prompt ^2.0:
              no version of http satisfies all of: ^2.1 (required by gateway 1.4.0); ^3.0 (required by prompt 2.0.0) (available: 3.0.0, 2.2.3, 2.1.0)
            """)
    }

    func testUnknownPackagesGetSuggestions() {
        let universe = Universe(["alpha 1.0.0": ["betta *"], "beta 1.0.0": []])
        XCTAssertEqual(conflict(universe, ["alpah"]), """
            Cannot satisfy your request for alpah:
              nobody publishes a package named alpah (required by you); did you mean alpha?
            """)
        XCTAssertTrue(conflict(universe, ["alpha"]).contains("nobody publishes a package named betta (required by alpha 1.0.0); did you mean beta?"))
    }

    func testCyclesTerminate() throws {
        let universe = Universe(["a 1.0.0": ["b ^1"], "b 1.0.0": ["a ^1"], "a 2.0.0": ["b ^2"]])
        XCTAssertEqual(try resolve(universe, ["a"]), ["a": "1.0.0", "b": "1.0.0"])
        var request = ResolutionRequest(roots: [requirement("a")])
        request.pins = ["a": version("1.0.0")]
        XCTAssertEqual(Set(try Resolver(source: universe).resolve(request).installOrder), ["a", "b"])
    }

    func testSameInputSameOutput() throws {
        let universe = Universe(["p 1.0.0": ["q *", "r *"], "q 1.0.0": ["s ^1"], "r 1.0.0": ["s ^1"], "s 1.0.0": [], "s 1.5.0": []])
        let first = try Resolver(source: universe).resolve(ResolutionRequest(roots: [requirement("p")]))
        for _ in 0..<5 {
            let again = try Resolver(source: universe).resolve(ResolutionRequest(roots: [requirement("p")]))
            XCTAssertEqual(again.installOrder, first.installOrder)
            XCTAssertEqual(again.selected.mapValues(\.version), first.selected.mapValues(\.version))
        }
    }

    func testStepBudgetEndsWithAnExplanation() {
        // 12 packages with 6 versions each, every pair of which conflicts unless all are 1.0.0,
        // which is yanked: no solution, and a naive search would try 6^12 combinations.
        var entries: [String: [String]] = [:]
        let names = (0..<12).map { "n\($0)" }
        for name in names {
            for minor in 1...6 { entries["\(name) 1.\(minor).0"] = names.filter { $0 != name }.map { "\($0) =1.\(minor == 1 ? 2 : 1).0" } }
        }
        var resolver = Resolver(source: Universe(entries))
        resolver.maximumSteps = 2_000
        do {
            _ = try resolver.resolve(ResolutionRequest(roots: names.map(requirement)))
            XCTFail("resolved an impossible request")
        } catch {
            XCTAssertTrue(error.description.hasPrefix("Cannot satisfy your request for n0, n1"), error.description)
        }
    }
}
