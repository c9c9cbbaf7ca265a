import AIPMarketResolver
import XCTest

final class ResolutionBasicsTests: XCTestCase {
    func testPicksTheHighestVersionInsideTheRange() {
        let index = IndexFixture("""
            gateway 1.2.0
            gateway 1.4.0
            gateway 1.10.1
            gateway 2.0.0
            """)
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("gateway ^1.2")]))?.chosen, ["gateway": "1.10.1"])
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("gateway")]))?.chosen, ["gateway": "2.0.0"])
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("gateway ~1.4.0")]))?.chosen, ["gateway": "1.4.0"])
    }

    func testFollowsAChainAndInstallsDependenciesFirst() {
        let index = IndexFixture("""
            app 1.0.0 -> lib ^1.0
            lib 1.0.0 -> core ^2.0
            lib 1.3.0 -> core ^2.1
            core 2.0.0
            core 2.4.0
            core 3.0.0
            unrelated 1.0.0
            """)
        let resolution = resolve(index, ResolutionRequest(roots: [requirement("app")]))
        XCTAssertEqual(resolution?.chosen, ["app": "1.0.0", "lib": "1.3.0", "core": "2.4.0"])
        XCTAssertEqual(resolution?.installOrder, ["core", "lib", "app"])
        XCTAssertEqual(resolution?.selected["lib"]?.requires, [requirement("core ^2.1")])
    }

    func testDiamondSettlesOnAVersionBothSidesAccept() {
        let index = IndexFixture("""
            app 1.0.0 -> left ^1.0, right ^1.0
            left 1.0.0 -> shared ^1.0
            right 1.0.0 -> shared >=1.2.0 <1.5.0
            shared 1.0.0
            shared 1.2.0
            shared 1.4.2
            shared 1.5.0
            """)
        let resolution = resolve(index, ResolutionRequest(roots: [requirement("app")]))
        XCTAssertEqual(resolution?.chosen, ["app": "1.0.0", "left": "1.0.0", "right": "1.0.0", "shared": "1.4.2"])
        XCTAssertEqual(resolution?.installOrder, ["shared", "left", "right", "app"])
    }

    func testBacktracksWhenTheNewestVersionLeadsToADeadEnd() {
        // app 2.0.0 looks best but needs db 2.x, whose driver needs a libc this request rules out.
        let index = IndexFixture("""
            app 1.0.0 -> db ^1.0
            app 2.0.0 -> db ^2.0
            db 1.0.0 -> driver ^1.0
            db 2.0.0 -> driver ^2.0
            db 2.1.0 -> driver ^2.1
            driver 1.0.0 -> libc ^1.0
            driver 2.0.0 -> libc ^2.0
            driver 2.1.0 -> libc ^2.0
            libc 1.0.0
            libc 2.0.0
            """)
        let resolution = resolve(index, ResolutionRequest(roots: [requirement("app"), requirement("libc ^1.0")]))
        XCTAssertEqual(resolution?.chosen, ["app": "1.0.0", "db": "1.0.0", "driver": "1.0.0", "libc": "1.0.0"])
        XCTAssertGreaterThan(resolution?.statistics.conflicts ?? 0, 0, "this case needs at least one dead end")
    }

    func testBacktracksAcrossManyVersionsWithoutTryingThemOneByOne() {
        // 30 versions of app, every one but the oldest needs a base this request rules out.
        var lines = ["app 1.0.0 -> base ^1.0", "base 1.0.0", "base 2.0.0"]
        for minor in 1...29 { lines.append("app 1.\(minor).0 -> mid ^2.\(minor)") }
        for minor in 1...29 { lines.append("mid 2.\(minor).0 -> base ^2.0") }
        let index = IndexFixture(lines.joined(separator: "\n"))
        let resolution = resolve(index, ResolutionRequest(roots: [requirement("app"), requirement("base ^1.0")]))
        XCTAssertEqual(resolution?.chosen, ["app": "1.0.0", "base": "1.0.0"])
    }

    func testCyclesResolveAndTerminate() {
        let index = IndexFixture("""
            a 1.0.0 -> b ^1.0
            a 1.1.0 -> b ^1.1
            b 1.0.0 -> a ^1.0
            b 1.1.0 -> a ^1.1, c *
            c 1.0.0 -> a *
            self 1.0.0 -> self ^1.0
            """)
        let resolution = resolve(index, ResolutionRequest(roots: [requirement("a"), requirement("self")]))
        XCTAssertEqual(resolution?.chosen, ["a": "1.1.0", "b": "1.1.0", "c": "1.0.0", "self": "1.0.0"])
        XCTAssertEqual(resolution?.installOrder, ["c", "b", "a", "self"])
    }

    func testAVersionRequiringItsOwnOtherVersionIsNeverChosen() {
        let index = IndexFixture("""
            odd 1.0.0
            odd 2.0.0 -> odd ^1.0
            """)
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("odd")]))?.chosen, ["odd": "1.0.0"])
    }

    func testDependencyOfAnUnusedVersionIsNotInstalled() {
        let index = IndexFixture("""
            app 1.0.0 -> old-helper *
            app 2.0.0
            old-helper 1.0.0
            """)
        XCTAssertEqual(resolve(index, ResolutionRequest(roots: [requirement("app")]))?.chosen, ["app": "2.0.0"])
    }

    func testAnEmptyRequestSelectsNothing() {
        let resolution = resolve(IndexFixture("a 1.0.0"), ResolutionRequest())
        XCTAssertEqual(resolution?.chosen, [:])
        XCTAssertEqual(resolution?.installOrder, [])
    }

    func testInstallOrderIsTheSameEveryTime() {
        let index = IndexFixture("""
            app 1.0.0 -> z *, y *, x *
            z 1.0.0 -> w *
            y 1.0.0 -> w *
            x 1.0.0
            w 1.0.0
            """)
        let orders = (0..<5).map { _ in resolve(index, ResolutionRequest(roots: [requirement("app")]))?.installOrder ?? [] }
        XCTAssertEqual(orders[0], ["x", "w", "y", "z", "app"])
        XCTAssertEqual(Set(orders.map { $0.joined(separator: " ") }).count, 1)
    }

    func testStatisticsCountTheSearch() {
        let index = IndexFixture("""
            app 1.0.0 -> lib *
            lib 1.0.0
            """)
        let statistics = resolve(index, ResolutionRequest(roots: [requirement("app")]))?.statistics
        XCTAssertEqual(statistics?.packagesConsidered, 2)
        XCTAssertEqual(statistics?.decisions, 2)
        XCTAssertEqual(statistics?.conflicts, 0)
    }
}
