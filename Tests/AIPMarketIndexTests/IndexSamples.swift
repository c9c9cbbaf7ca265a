@testable import AIPMarketIndex
import AIPVersioning

/// Small indexes for the tests, built in code so each test states what it changes.
enum IndexSamples {
    static let sha = String(repeating: "ab", count: 32)

    static func release(requires: [MarketIndex.Dependency] = [], yanked: Bool = false) -> MarketIndex.Release {
        MarketIndex.Release(archive: "greeter-1.0.0.aipkg", sha256: sha, size: 4096,
                            abi: try! VersionRange(parsing: ">=1.0.0 <2.0.0"), host: .any,
                            platform: "x86_64-unknown-linux-gnu", swiftToolchain: "6.3.1", requires: requires,
                            provides: ["greeter.greet@1.0.0"], yanked: yanked)
    }

    static func index(version: Int64 = 1, generated: String = "2026-11-01T00:00:00Z",
                      expires: String = "2027-01-01T00:00:00Z") -> MarketIndex {
        let v1 = SemanticVersion(major: 1, minor: 0, patch: 0)
        let v2 = SemanticVersion(major: 2, minor: 0, patch: 0)
        return MarketIndex(name: "test", version: version, generated: generated, expires: expires, packages: [
            "greeter": MarketIndex.Package(description: "Greets", license: "MIT", homepage: "https://example.org",
                                           versions: [v1: release(), v2: release(yanked: true)]),
            "counter": MarketIndex.Package(description: "Counts", license: "Apache-2.0", versions: [
                v1: release(requires: [MarketIndex.Dependency(name: "greeter", range: try! VersionRange(parsing: "^1.0"))]),
            ]),
        ])
    }

    static let now = Timestamp(rfc3339: "2026-11-26T12:00:00Z")!
}
