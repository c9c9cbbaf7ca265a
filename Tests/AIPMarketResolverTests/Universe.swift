import AIPMarketResolver
import AIPVersioning

/// A package universe written as text, one version per entry:
/// `"alpha 1.0.0": ["beta ^1.0"]`; `!` after the version marks it yanked, `?reason` incompatible.
struct Universe: PackageSource {
    var packages: [String: [PackageCandidate]] = [:]

    init(_ entries: [String: [String]]) {
        for (head, requirements) in entries {
            let parts = head.split(separator: " ", maxSplits: 1).map(String.init)
            var versionText = parts[1]
            var yanked = false
            var incompatibility: String?
            if let mark = versionText.firstIndex(of: "?") {
                incompatibility = String(versionText[versionText.index(after: mark)...])
                versionText = String(versionText[..<mark])
            }
            if versionText.hasSuffix("!") {
                yanked = true
                versionText.removeLast()
            }
            let requires = requirements.map { text -> PackageRequirement in
                let pieces = text.split(separator: " ", maxSplits: 1).map(String.init)
                return PackageRequirement(name: pieces[0], range: try! VersionRange(parsing: pieces.count > 1 ? pieces[1] : "*"))
            }
            packages[parts[0], default: []].append(PackageCandidate(
                name: parts[0], version: try! SemanticVersion(parsing: versionText), requires: requires,
                yanked: yanked, incompatibility: incompatibility))
        }
    }

    func candidates(named name: String) -> [PackageCandidate] { packages[name] ?? [] }
    var packageNames: [String] { Array(packages.keys) }
}

func requirement(_ text: String) -> PackageRequirement {
    let pieces = text.split(separator: " ", maxSplits: 1).map(String.init)
    return PackageRequirement(name: pieces[0], range: try! VersionRange(parsing: pieces.count > 1 ? pieces[1] : "*"))
}

func version(_ text: String) -> SemanticVersion { try! SemanticVersion(parsing: text) }
