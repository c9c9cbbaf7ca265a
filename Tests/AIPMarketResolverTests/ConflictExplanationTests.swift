import AIPMarketResolver
import XCTest

/// Every explanation checked word for word on small cases.
final class ConflictExplanationTests: XCTestCase {
    func testTwoRequestsWantingDisjointRangesOfADependency() {
        let index = IndexFixture("""
            gateway 1.4.0 -> http ^2.1
            prompt 2.0.0 -> http ^3.0
            prompt 2.1.0 -> http ^3.0
            http 2.1.0
            http 2.2.3
            http 3.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("gateway ^1.4"), requirement("prompt ^2.0")])), """
            Cannot satisfy your request for gateway ^1.4 and prompt ^2.0:
              gateway 1.4.0 requires http ^2.1
              prompt 2.0.0 and 2.1.0 require http ^3.0
              no version of http satisfies both ^2.1 and ^3.0 (available: 2.1.0, 2.2.3, 3.0.0)
            """)
    }

    func testConflictNamesThePackagesItTalksAbout() throws {
        let index = IndexFixture("""
            app 1.0.0 -> lib ^2.0
            lib 1.0.0
            other 1.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("app"), requirement("app"), requirement("other")])
        XCTAssertThrowsError(try index.resolver.resolve(request)) { error in
            guard let conflict = error as? ResolutionConflict else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(conflict.packages, ["app", "lib"])
            XCTAssertEqual(conflict.description, """
                Cannot satisfy your request for app:
                  app 1.0.0 requires lib ^2.0
                  no version of lib satisfies ^2.0 (available: 1.0.0)
                """)
        }
    }

    func testUnknownRequestSuggestsTheNearestNames() {
        let index = IndexFixture("""
            gateway 1.0.0
            gateways 1.0.0
            http 1.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("gatewy ^1.0")])), """
            Cannot satisfy your request for gatewy ^1.0:
              nobody publishes a package named gatewy; did you mean gateway or gateways?
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("kubernetes")])), """
            Cannot satisfy your request for kubernetes:
              nobody publishes a package named kubernetes
            """)
    }

    func testSeveralUnknownRequestsAreAllNamed() {
        let index = IndexFixture("http 1.0.0")
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("htp"), requirement("nope ^1.0")])), """
            Cannot satisfy your request for htp and nope ^1.0:
              nobody publishes a package named htp; did you mean http?
              nobody publishes a package named nope
            """)
    }

    func testUnknownDependencyIsBlamedOnItsDependent() {
        let index = IndexFixture("""
            app 1.0.0 -> lgo ^1.0
            log 1.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("app")])), """
            Cannot satisfy your request for app:
              app 1.0.0 requires lgo ^1.0
              nobody publishes a package named lgo; did you mean log?
            """)
    }

    func testRangeWithNoVersionMentionsTheIncompatibleOnes() {
        let index = IndexFixture("""
            gateway 1.4.0
            gateway 2.0.0 ! needs plugin ABI 2.x, this host speaks 1.0
            gateway 2.1.0 yanked
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("gateway ^2.0")])), """
            Cannot satisfy your request for gateway ^2.0:
              no version of gateway satisfies ^2.0 (available: 1.4.0)
              gateway 2.1.0 exists but was yanked
              gateway 2.0.0 exists but needs plugin ABI 2.x, this host speaks 1.0
            """)
    }

    func testClashMentionsTheUnusableVersionThatWouldHaveSettledIt() {
        let index = IndexFixture("""
            gateway 1.0.0 -> http ^2.1
            prompt 1.0.0 -> http >=2.5.0
            http 2.1.0
            http 2.6.0 ! needs plugin ABI 2.x, this host speaks 1.0
            http 2.7.0 yanked
            http 3.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("gateway"), requirement("prompt")])), """
            Cannot satisfy your request for gateway and prompt:
              gateway 1.0.0 requires http ^2.1
              prompt 1.0.0 requires http >=2.5.0
              no version of http satisfies both ^2.1 and >=2.5.0 (available: 2.1.0, 3.0.0)
              http 2.7.0 exists but was yanked
              http 2.6.0 exists but needs plugin ABI 2.x, this host speaks 1.0
            """)
    }

    func testLongVersionListsShowTheNewest() {
        let index = IndexFixture((0..<12).map { "lib 1.\($0).0" }.joined(separator: "\n"))
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("lib ^2.0")])), """
            Cannot satisfy your request for lib ^2.0:
              no version of lib satisfies ^2.0 (available: 4 older, 1.4.0, 1.5.0, 1.6.0, 1.7.0, 1.8.0, 1.9.0, 1.10.0, 1.11.0)
            """)
    }

    func testPackageWithOnlyIncompatibleVersions() {
        let index = IndexFixture("""
            app 1.0.0 -> gpu ^1.0
            gpu 1.0.0 ! is built for aarch64-linux-gnu
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("app")])), """
            Cannot satisfy your request for app:
              app 1.0.0 requires gpu ^1.0
              no version of gpu can be used here
              gpu 1.0.0 exists but is built for aarch64-linux-gnu
            """)
    }

    func testPinThatContradictsARequirement() {
        let index = IndexFixture("""
            prompt 2.0.0 -> http ^3.0
            http 2.1.0
            http 3.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("prompt ^2.0")], pins: versions(["http": "2.1.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy your request for prompt ^2.0 and your pin of http to 2.1.0:
              prompt 2.0.0 requires http ^3.0
              http is pinned to 2.1.0, which does not satisfy ^3.0
            """)
    }

    func testPinToAVersionNobodyPublished() {
        let index = IndexFixture("""
            http 2.1.0
            http 3.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("http")], pins: versions(["http": "9.9.9"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy your request for http and your pin of http to 9.9.9:
              http is pinned to 9.9.9, which is not published (available: 2.1.0, 3.0.0)
            """)
    }

    func testBacktrackingFailureListsEveryAlternativeTried() {
        let index = IndexFixture("""
            app 1.0.0 -> db ^1.0
            app 2.0.0 -> db ^2.0
            db 1.0.0 -> libc ^1.0
            db 2.0.0 -> libc ^1.0
            libc 1.0.0
            libc 2.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("app"), requirement("libc ^2.0")])), """
            Cannot satisfy your request for app and libc ^2.0:
              app 1.0.0 requires db ^1.0
              app 2.0.0 requires db ^2.0
              db 1.0.0 and 2.0.0 require libc ^1.0
              no version of libc satisfies both ^2.0 and ^1.0 (available: 1.0.0, 2.0.0)
            """)
    }

    func testRemovingAPackageSomethingInstalledStillNeeds() {
        let index = IndexFixture("""
            app 1.0.0 -> lib ^1.0
            lib 1.0.0
            """)
        let request = ResolutionRequest(installed: versions(["app": "1.0.0"]), removing: ["lib"])
        XCTAssertEqual(explanation(index, request), """
            Cannot keep app installed and remove lib:
              app 1.0.0 requires lib ^1.0
            """)
    }

    func testNewRequestAgainstAnInstalledPackage() {
        let index = IndexFixture("""
            app 1.0.0 -> lib ^1.0
            tool 1.0.0 -> lib ^2.0
            lib 1.0.0
            lib 2.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("tool")], installed: versions(["app": "1.0.0", "lib": "1.0.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy your request for tool while keeping app installed:
              app 1.0.0 requires lib ^1.0
              tool 1.0.0 requires lib ^2.0
              no version of lib satisfies both ^1.0 and ^2.0 (available: 1.0.0, 2.0.0)
            """)
    }

    func testLockfileThatMissesAPackage() {
        let index = IndexFixture("""
            app 1.1.0 -> lib ^1.0, extra ^1.0
            lib 1.0.0
            extra 1.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("app")], locked: versions(["app": "1.1.0", "lib": "1.0.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy the locked version app 1.1.0:
              app 1.1.0 requires extra ^1.0
              extra is not in the lockfile
            """)
    }

    func testLockedVersionThatNoLongerSatisfiesTheRequest() {
        let index = IndexFixture("""
            app 1.0.0
            app 2.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("app ^2.0")], locked: versions(["app": "1.0.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy your request for app ^2.0 and the locked version app 1.0.0:
              app is locked at 1.0.0, which does not satisfy ^2.0
            """)
    }

    func testInstalledPackageTheIndexNoLongerLists() {
        let index = IndexFixture("http 1.0.0")
        XCTAssertEqual(explanation(index, ResolutionRequest(installed: versions(["http": "1.0.0", "ghost": "0.1.0"]))), """
            Cannot keep ghost installed:
              nobody publishes a package named ghost
            """)
    }

    func testInstalledPackageMissingFromTheLockfile() {
        let index = IndexFixture("""
            app 1.0.0
            extra 1.0.0
            """)
        let request = ResolutionRequest(installed: versions(["app": "1.0.0", "extra": "1.0.0"]), locked: versions(["app": "1.0.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot keep extra installed:
              extra is not in the lockfile
            """)
    }

    func testRequestingAPackageThatIsBeingRemoved() {
        let index = IndexFixture("lib 1.0.0")
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("lib")], removing: ["lib"])), """
            Cannot satisfy your request for lib while removing lib:
              you asked both to install and to remove lib
            """)
    }

    func testTwoRequestsForOnePackageThatCannotBothHold() {
        let index = IndexFixture("""
            b 1.2.0
            b 2.0.0
            """)
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("b >=2.0.0"), requirement("b ~1.2.0")])), """
            Cannot satisfy your request for b >=2.0.0 and b ~1.2.0:
              no version of b satisfies both >=2.0.0 and ~1.2.0 (available: 1.2.0, 2.0.0)
            """)
    }

    func testPinAndLockfileDisagree() {
        let index = IndexFixture("""
            a 2.1.0
            a 3.0.0
            """)
        let request = ResolutionRequest(pins: versions(["a": "3.0.0"]), locked: versions(["a": "2.1.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy your pin of a to 3.0.0 and the locked version a 2.1.0:
              a is pinned to 3.0.0 but locked at 2.1.0
            """)
    }

    func testRemovingALockedPackage() {
        let index = IndexFixture("lib 1.0.0")
        let request = ResolutionRequest(removing: ["lib"], locked: versions(["lib": "1.0.0"]))
        XCTAssertEqual(explanation(index, request), """
            Cannot satisfy the locked version lib 1.0.0 while removing lib:
              the lockfile lists lib, which you are removing
            """)
    }

    func testManyVersionsWithDifferentRangesShareOneLine() {
        var lines = ["base 1.0.0", "base 2.0.0"]
        for minor in 0..<6 { lines.append("app 3.\(minor).0 -> mid ^2.\(minor)") }
        for minor in 0..<6 { lines.append("mid 2.\(minor).0 -> base ^2.0") }
        let index = IndexFixture(lines.joined(separator: "\n"))
        XCTAssertEqual(explanation(index, ResolutionRequest(roots: [requirement("app"), requirement("base ^1.0")])), """
            Cannot satisfy your request for app and base ^1.0:
              app 3.0.0 through 3.5.0 require mid in one of 6 ranges, from ^2.0 to ^2.5
              mid 2.0.0 through 2.5.0 require base ^2.0
              no version of base satisfies both ^1.0 and ^2.0 (available: 1.0.0, 2.0.0)
            """)
    }

    func testExplanationsStayShortWhateverTheConflict() {
        // Each of 30 versions of lib fails through its own helper: the proof needs all 60 facts.
        var lines = ["base 1.0.0", "base 2.0.0"]
        for minor in 0..<30 {
            lines.append("lib 1.\(minor).0 -> helper\(minor) ^1.0")
            lines.append("helper\(minor) 1.0.0 -> base ^2.0")
        }
        let index = IndexFixture(lines.joined(separator: "\n"))
        let text = explanation(index, ResolutionRequest(roots: [requirement("lib"), requirement("base ^1.0")]))
        let expectedStart = """
            Cannot satisfy your request for lib and base ^1.0:
              lib 1.0.0 requires helper0 ^1.0
              lib 1.1.0 requires helper1 ^1.0
            """
        XCTAssertTrue(text.hasPrefix(expectedStart), text)
        XCTAssertTrue(text.hasSuffix("""
              … and 48 more requirements like these
              no version of base satisfies both ^1.0 and ^2.0 (available: 1.0.0, 2.0.0)
            """), text)
        XCTAssertEqual(text.split(separator: "\n").count, 15, text)
    }

    func testExplanationIsDeterministic() {
        let index = IndexFixture("""
            a 1.0.0 -> x ^1.0, y ^1.0
            b 1.0.0 -> x ^2.0, y ^2.0
            x 1.0.0
            x 2.0.0
            y 1.0.0
            y 2.0.0
            """)
        let request = ResolutionRequest(roots: [requirement("a"), requirement("b")],
                                        installed: versions(["x": "1.0.0", "y": "1.0.0"]))
        let first = explanation(index, request)
        for _ in 0..<10 {
            let shuffled = IndexFixture(index.candidates.shuffled().map { candidate in
                "\(candidate.name) \(candidate.version)" + (candidate.requires.isEmpty ? "" : " -> " + candidate.requires.map(\.description).joined(separator: ", "))
            }.joined(separator: "\n"))
            XCTAssertEqual(explanation(shuffled, request), first)
        }
    }
}
