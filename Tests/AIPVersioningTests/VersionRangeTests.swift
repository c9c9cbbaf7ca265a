import AIPVersioning
import XCTest

final class SemanticVersionTests: XCTestCase {
    func testParsesAndPrints() throws {
        let version = try SemanticVersion(parsing: "1.2.3-beta.2+build.7")
        XCTAssertEqual(version.major, 1)
        XCTAssertEqual(version.prerelease, ["beta", "2"])
        XCTAssertEqual(version.build, ["build", "7"])
        XCTAssertEqual(version.description, "1.2.3-beta.2+build.7")
    }

    func testRefusesNonSemver() {
        for text in ["1.2", "1.2.3.4", "01.2.3", "1.2.x", "", "a.b.c", "1.2.3-", "1.2.3-01"] {
            XCTAssertThrowsError(try SemanticVersion(parsing: text), text)
        }
    }

    func testPrecedenceFollowsSemverSpec() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                       "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"]
        let versions = try ordered.map { try SemanticVersion(parsing: $0) }
        XCTAssertEqual(versions, versions.shuffled().sorted())
        XCTAssertEqual(try SemanticVersion(parsing: "1.0.0+a"), try SemanticVersion(parsing: "1.0.0+b"))
    }
}

final class VersionRangeTests: XCTestCase {
    private func check(_ range: String, admits: [String], refuses: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let parsed = try VersionRange(parsing: range)
        for text in admits {
            XCTAssertTrue(parsed.contains(try SemanticVersion(parsing: text)), "\(range) should admit \(text)", file: file, line: line)
        }
        for text in refuses {
            XCTAssertFalse(parsed.contains(try SemanticVersion(parsing: text)), "\(range) should refuse \(text)", file: file, line: line)
        }
    }

    func testCaret() throws {
        try check("^1.2.3", admits: ["1.2.3", "1.9.0"], refuses: ["1.2.2", "2.0.0", "2.0.0-rc.1"])
        try check("^0.2.3", admits: ["0.2.3", "0.2.9"], refuses: ["0.3.0"])
        try check("^0.0.3", admits: ["0.0.3"], refuses: ["0.0.4"])
        try check("^1.0", admits: ["1.0.0", "1.5.2"], refuses: ["0.9.9", "2.0.0"])
        try check("^0.0", admits: ["0.0.7"], refuses: ["0.1.0"])
    }

    func testTildeAndWildcards() throws {
        try check("~1.2.3", admits: ["1.2.3", "1.2.9"], refuses: ["1.3.0"])
        try check("~1", admits: ["1.9.9"], refuses: ["2.0.0"])
        try check("1.x", admits: ["1.0.0", "1.99.0"], refuses: ["2.0.0"])
        try check("1.2.*", admits: ["1.2.0"], refuses: ["1.3.0"])
        try check("*", admits: ["0.0.1", "99.0.0"], refuses: ["1.0.0-alpha"])
    }

    func testComparatorsHyphenAndAlternatives() throws {
        try check(">=1.0.0 <2.0.0", admits: ["1.0.0", "1.9.9"], refuses: ["2.0.0", "0.9.0"])
        try check(">= 1.2 < 1.4", admits: ["1.2.0", "1.3.5"], refuses: ["1.4.0"])
        try check("<=1.2", admits: ["1.2.9"], refuses: ["1.3.0"])
        try check(">1.2", admits: ["1.3.0"], refuses: ["1.2.9"])
        try check("1.2.3 - 2.3", admits: ["1.2.3", "2.3.9"], refuses: ["2.4.0", "1.2.2"])
        try check("^1.0 || ^3.0", admits: ["1.1.0", "3.2.0"], refuses: ["2.0.0"])
        try check("=1.2.3", admits: ["1.2.3"], refuses: ["1.2.4"])
    }

    func testPrereleaseOnlyWhenNamed() throws {
        try check(">=1.2.3-beta.1 <2", admits: ["1.2.3-beta.2", "1.5.0"], refuses: ["1.2.4-beta.1", "1.2.3-alpha"])
    }

    func testBestPicksHighestInside() throws {
        let versions = try ["1.0.0", "1.4.2", "2.0.0", "1.4.3-rc.1"].map { try SemanticVersion(parsing: $0) }
        XCTAssertEqual(try VersionRange(parsing: "^1.0").best(of: versions)?.description, "1.4.2")
        XCTAssertNil(try VersionRange(parsing: "^3").best(of: versions))
    }

    func testRejectsGarbageWithReason() {
        for text in ["", "^", "abc", "1.2.3.4", ">=x.1"] {
            XCTAssertThrowsError(try VersionRange(parsing: text), text) { error in
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
    }
}
