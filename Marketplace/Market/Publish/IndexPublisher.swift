import AIPMarketIndex
import AIPPackaging
import AIPVersioning
import Crypto
import Foundation

/// Builds or updates a marketplace index from the `.aipkg` archives in one folder, and signs it:
/// what `aip market publish DIR --key KEYFILE` does. Archive URLs are relative to the index, so
/// the folder can be served as it is (`file://`, any static HTTP server, a bucket).
public struct IndexPublisher {
    public struct Options: Sendable {
        public var name: String
        public var lifetimeDays: Int
        /// Host versions every new entry supports.
        public var hostRange: VersionRange
        /// Versions to mark as yanked, with the reason.
        public var yank: [(name: String, version: SemanticVersion, reason: String?)]
        public var now: Timestamp

        public init(name: String = "local", lifetimeDays: Int = 90, hostRange: VersionRange = .any,
                    yank: [(name: String, version: SemanticVersion, reason: String?)] = [], now: Timestamp = .now) {
            self.name = name
            self.lifetimeDays = lifetimeDays
            self.hostRange = hostRange
            self.yank = yank
            self.now = now
        }
    }

    public struct Result: Sendable {
        public let index: MarketIndex
        /// Whether index.json was written (false when nothing changed and it is far from expiry).
        public let written: Bool
        public let added: [String]
        public let warnings: [String]
    }

    public let directory: String
    public let options: Options

    public init(directory: String, options: Options) {
        self.directory = directory
        self.options = options
    }

    public var indexPath: String { "\(directory)/index.json" }

    public func publish(signingKeys: [SigningKey], dryRun: Bool = false) throws(MarketError) -> Result {
        let previous = try previousIndex()
        var packages = try packagesFromArchives(previous: previous)
        for yank in options.yank {
            guard packages[yank.name]?.versions[yank.version] != nil else {
                throw MarketError("cannot yank \(yank.name) \(yank.version): the index has no such version")
            }
            packages[yank.name]?.versions[yank.version]?.yanked = true
            packages[yank.name]?.versions[yank.version]?.yankReason = yank.reason
        }
        let warnings = Self.linkRequirements(in: &packages, manifests: manifestsByRelease)
        let added = packages.flatMap { name, package in
            package.versions.keys.filter { previous?.packages[name]?.versions[$0] == nil }.map { "\(name) \($0)" }
        }.sorted()

        let halfLife = Int64(options.lifetimeDays) * 86_400 / 2
        if let previous, previous.packages == packages, previous.name == options.name,
           let expires = Timestamp(rfc3339: previous.expires), expires.secondsSinceEpoch - options.now.secondsSinceEpoch > halfLife {
            return Result(index: previous, written: false, added: [], warnings: warnings)
        }
        let index = MarketIndex(name: options.name, version: (previous?.version ?? 0) + 1,
                                generated: options.now.description,
                                expires: options.now.adding(seconds: Int64(options.lifetimeDays) * 86_400).description,
                                packages: packages)
        if !dryRun {
            let bytes = Array(index.serialized().utf8)
            let signature = IndexSignature.sign(bytes, with: signingKeys)
            // The signature first: a reader that sees the new index.json must find a .sig for it.
            try AtomicFile.write(Array(signature.serialized().utf8), to: indexPath + IndexSignature.fileSuffix)
            try AtomicFile.write(bytes, to: indexPath)
        }
        return Result(index: index, written: !dryRun, added: added, warnings: warnings)
    }

    // MARK: Reading the folder

    /// Manifests of the archives read in this run, keyed "name@version", for deriving requirements.
    private var manifestsByRelease: [String: PluginManifest] {
        var result: [String: PluginManifest] = [:]
        for file in archiveFiles {
            if let manifest = try? Self.manifest(ofArchive: "\(directory)/\(file)") {
                result["\(manifest.name)@\(manifest.version)"] = manifest
            }
        }
        return result
    }

    private var archiveFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix("." + AipkgArchive.fileExtension) }.sorted()
    }

    private func previousIndex() throws(MarketError) -> MarketIndex? {
        guard let data = FileManager.default.contents(atPath: indexPath) else { return nil }
        do {
            return try MarketIndex.parse(Array(data), source: indexPath)
        } catch {
            throw MarketError("cannot update the existing index: \(error.description)")
        }
    }

    private func packagesFromArchives(previous: MarketIndex?) throws(MarketError) -> [String: MarketIndex.Package] {
        var packages: [String: MarketIndex.Package] = [:]
        // Entries whose archives live elsewhere (absolute URLs) are kept as they were.
        for (name, package) in previous?.packages ?? [:] {
            let remote = package.versions.filter { $0.value.archive.contains("://") }
            if !remote.isEmpty { packages[name] = MarketIndex.Package(description: package.description, license: package.license,
                                                                       homepage: package.homepage, versions: remote) }
        }
        var newest: [String: SemanticVersion] = [:]
        for file in archiveFiles {
            let path = "\(directory)/\(file)"
            let manifest = try Self.manifest(ofArchive: path)
            guard let version = try? SemanticVersion(parsing: manifest.version) else {
                throw MarketError("\(path): version \(manifest.version) is not a semantic version")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw MarketError("cannot read \(path)") }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            let old = previous?.packages[manifest.name]?.versions[version]
            if let old, old.sha256 != digest, !old.archive.contains("://") {
                throw MarketError("\(path): \(manifest.name) \(version) is already published with sha256 \(old.sha256); a published version never changes — raise the version")
            }
            if packages[manifest.name]?.versions[version] != nil {
                throw MarketError("\(path): \(manifest.name) \(version) appears in two archives of \(directory)")
            }
            let release = MarketIndex.Release(
                archive: file, sha256: digest, size: Int64(data.count), abi: Self.abiRange(manifest.abi),
                host: old?.host ?? options.hostRange, platform: manifest.platform, swiftToolchain: manifest.swiftToolchain,
                requires: [], provides: manifest.provides.map { "\($0.name)@\($0.version)" }.sorted(),
                description: nil, published: old?.published ?? options.now.description,
                yanked: old?.yanked ?? false, yankReason: old?.yankReason)
            var package = packages[manifest.name] ?? MarketIndex.Package(description: manifest.description, license: manifest.license,
                                                                         homepage: manifest.homepage, versions: [:])
            package.versions[version] = release
            if newest[manifest.name].map({ version > $0 }) ?? true {
                newest[manifest.name] = version
                package.description = manifest.description
                package.license = manifest.license
                package.homepage = manifest.homepage
            }
            packages[manifest.name] = package
        }
        return packages
    }

    static func manifest(ofArchive path: String) throws(MarketError) -> PluginManifest {
        do {
            let files = try AipkgArchive.read(path: path)
            return try PluginManifest.parse(files[PluginManifest.fileName] ?? [], source: "\(path)!\(PluginManifest.fileName)")
        } catch let error as AipkgError {
            throw MarketError(error.description)
        } catch {
            throw MarketError("\(path): \(error)")
        }
    }

    /// A plugin built against ABI M.m runs on hosts speaking M.m or any later minor of M.
    static func abiRange(_ abi: String) -> VersionRange {
        let parts = abi.split(separator: ".").compactMap { Int($0) }
        let major = parts.first ?? 0
        let minor = parts.count > 1 ? parts[1] : 0
        return (try? VersionRange(parsing: ">=\(major).\(minor).0 <\(major + 1).0.0")) ?? .any
    }

    /// Package requirements from capability requirements: a plugin that requires capability C in
    /// range R needs a package whose version provides C in R. Capabilities the host provides
    /// (`host.*`) and optional requirements need no package.
    static func linkRequirements(in packages: inout [String: MarketIndex.Package],
                                 manifests: [String: PluginManifest]) -> [String] {
        var providers: [String: [(package: String, version: SemanticVersion, capability: SemanticVersion)]] = [:]
        for (name, package) in packages {
            for (version, release) in package.versions {
                for entry in release.provides {
                    let parts = entry.split(separator: "@", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let capabilityVersion = try? SemanticVersion(parsing: parts[1]) else { continue }
                    providers[parts[0], default: []].append((name, version, capabilityVersion))
                }
            }
        }
        var warnings: [String] = []
        for (name, package) in packages {
            for (version, _) in package.versions {
                guard let manifest = manifests["\(name)@\(version)"] else { continue }
                var requires: [MarketIndex.Dependency] = []
                for requirement in manifest.requires where !requirement.optional && !requirement.name.hasPrefix("host.") {
                    let range = requirement.range.flatMap { try? VersionRange(parsing: $0) } ?? .any
                    let fitting = (providers[requirement.name] ?? []).filter { $0.package != name && range.contains($0.capability) }
                    let byPackage = Dictionary(grouping: fitting, by: \.package)
                    guard byPackage.count == 1, let (provider, versions) = byPackage.first else {
                        warnings.append(byPackage.isEmpty
                            ? "\(name) \(version) requires \(requirement.name) \(range), which no package in this index provides; operators must install a provider themselves"
                            : "\(name) \(version) requires \(requirement.name), which several packages provide (\(byPackage.keys.sorted().joined(separator: ", "))); not recording a package dependency")
                        continue
                    }
                    let exact = versions.map(\.version).sorted().map { "=\($0)" }.joined(separator: " || ")
                    if let packageRange = try? VersionRange(parsing: exact) {
                        requires.append(MarketIndex.Dependency(name: provider, range: packageRange))
                    }
                }
                packages[name]?.versions[version]?.requires = requires.sorted { $0.name < $1.name }
            }
        }
        return warnings.sorted()
    }
}
