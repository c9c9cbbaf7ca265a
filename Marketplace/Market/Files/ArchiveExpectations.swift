import AIPMarketIndex
import AIPPackaging
import AIPVersioning

/// What an index entry promises about the archive it points to. A mirror that serves a different
/// (even validly packed) plugin under that entry is caught here, after the hash already matched
/// or when the index itself was built wrongly.
struct ArchiveExpectations {
    let name: String
    let version: SemanticVersion
    /// nil when the archive is pinned by a lockfile or install record rather than an index entry.
    let release: MarketIndex.Release?

    func problems(with manifest: PluginManifest) -> [String] {
        var problems: [String] = []
        if manifest.name != name { problems.append("its manifest names plugin \(manifest.name), not \(name)") }
        if manifest.version != version.description {
            problems.append("its manifest says version \(manifest.version), not \(version)")
        }
        guard let release else { return problems }
        if manifest.platform != release.platform {
            problems.append("its manifest says platform \(manifest.platform), the index \(release.platform)")
        }
        if manifest.swiftToolchain != release.swiftToolchain {
            problems.append("its manifest says Swift toolchain \(manifest.swiftToolchain ?? "none"), the index \(release.swiftToolchain ?? "none")")
        }
        if let abi = try? SemanticVersion(parsing: manifest.abi + ".0"), !release.abi.contains(abi) {
            problems.append("its manifest says ABI \(manifest.abi), outside the index's range \(release.abi)")
        }
        let provided = Set(manifest.provides.map { "\($0.name)@\($0.version)" })
        if provided != Set(release.provides) {
            problems.append("it provides \(provided.sorted().joined(separator: ", ")), the index lists \(release.provides.sorted().joined(separator: ", "))")
        }
        return problems
    }
}
