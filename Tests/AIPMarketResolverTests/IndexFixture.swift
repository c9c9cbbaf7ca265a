import AIPMarketResolver
import AIPVersioning
import XCTest

/// A small index written one version per line, so a test reads like the situation it checks:
///
///     gateway 1.4.0 -> http ^2.1, log *
///     http 3.0.0 yanked
///     http 4.0.0 ! needs plugin ABI 2.x, this host speaks 1.0
///
/// `NAME VERSION [yanked] [-> NAME RANGE, ...] [! incompatibility reason]`.
struct IndexFixture {
    let candidates: [PackageCandidate]

    init(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        var candidates: [PackageCandidate] = []
        for rawLine in text.split(separator: "\n") {
            var body = Substring(rawLine)
            var reason: String?
            if let bang = body.firstIndex(of: "!") {
                reason = body[body.index(after: bang)...].trimmingCharacters(in: .whitespaces)
                body = body[..<bang]
            }
            var requires: [PackageRequirement] = []
            if let arrow = body.range(of: "->") {
                for dependency in body[arrow.upperBound...].split(separator: ",") {
                    let words = dependency.split(separator: " ", maxSplits: 1)
                    do {
                        let range = words.count > 1 ? try VersionRange(parsing: String(words[1])) : VersionRange.any
                        requires.append(PackageRequirement(name: String(words[0]), range: range))
                    } catch {
                        XCTFail("bad range in fixture line '\(rawLine)': \(error)", file: file, line: line)
                    }
                }
                body = body[..<arrow.lowerBound]
            }
            let words = body.split(separator: " ")
            guard words.count >= 2, let version = try? SemanticVersion(parsing: String(words[1])) else {
                if !body.trimmingCharacters(in: .whitespaces).isEmpty {
                    XCTFail("bad fixture line '\(rawLine)'", file: file, line: line)
                }
                continue
            }
            candidates.append(PackageCandidate(name: String(words[0]), version: version, requires: requires,
                                               yanked: words.contains("yanked"), incompatibility: reason))
        }
        self.candidates = candidates
    }

    var source: InMemoryPackageSource { InMemoryPackageSource(candidates) }
    var resolver: Resolver { Resolver(source: source) }
}

func requirement(_ text: String) -> PackageRequirement {
    let words = text.split(separator: " ", maxSplits: 1)
    // Fixture literals are written by the tests themselves; a typo should fail loudly there.
    let range = words.count > 1 ? try! VersionRange(parsing: String(words[1])) : VersionRange.any
    return PackageRequirement(name: String(words[0]), range: range)
}

func version(_ text: String) -> SemanticVersion {
    try! SemanticVersion(parsing: text)
}

func versions(_ pairs: [String: String]) -> [String: SemanticVersion] {
    pairs.mapValues(version)
}

extension Resolution {
    /// `["gateway": "1.4.0", ...]`, for compact assertions.
    var chosen: [String: String] { selected.mapValues { $0.version.description } }
}

/// Resolves and fails the test with the explanation when there is none.
func resolve(_ index: IndexFixture, _ request: ResolutionRequest, file: StaticString = #filePath, line: UInt = #line) -> Resolution? {
    do {
        return try index.resolver.resolve(request)
    } catch {
        XCTFail("expected a resolution, got:\n\(error)", file: file, line: line)
        return nil
    }
}

/// Expects no resolution and returns the explanation.
func explanation(_ index: IndexFixture, _ request: ResolutionRequest, file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        let resolution = try index.resolver.resolve(request)
        XCTFail("expected a conflict, got \(resolution.chosen)", file: file, line: line)
        return ""
    } catch {
        return error.description
    }
}
