import AIPMarketIndex
import AIPPackaging
import AIPVersioning
import Crypto
import Foundation

/// The installed plugins on disk: `ROOT/NAME/VERSION/` holds one unpacked version (older ones
/// stay for rollback), and `ROOT/NAME/current` is a symbolic link to the active version. The host
/// loads only what `current` points to, through its real, versioned path, so a Swift image is
/// never reloaded from a path it was loaded from before.
///
/// Every change is made so that a crash at any point leaves the previous version working: a new
/// version is unpacked under `ROOT/.staging/`, checked, then renamed into place, and `current` is
/// switched by renaming a new link over the old one.
public struct PluginStore: Sendable {
    public static let currentLink = "current"
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func directory(of name: String, _ version: SemanticVersion) -> String {
        "\(root)/\(name)/\(version)"
    }

    /// The version `current` points to, nil when the plugin is not installed or not active.
    public func activeVersion(of name: String) -> SemanticVersion? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/\(name)/\(Self.currentLink)") else {
            return nil
        }
        return try? SemanticVersion(parsing: (target as NSString).lastPathComponent)
    }

    /// Versions unpacked on disk, newest first.
    public func versionsOnDisk(of name: String) -> [SemanticVersion] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(name)")) ?? []
        return names.compactMap { try? SemanticVersion(parsing: $0) }.sorted(by: >)
    }

    /// Unpacks a downloaded archive into a fresh staging folder and checks that it is the package
    /// the index promised: same name and version, and (when an index `release` is given) a
    /// library for this platform and ABI with the same capabilities. Returns the staging folder;
    /// nothing outside it has changed.
    public func stage(archive: String, name: String, version: SemanticVersion,
                      release: MarketIndex.Release?) throws(MarketError) -> String {
        let staging = "\(root)/.staging/\(name)-\(version)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let manifestPath: String
        do {
            manifestPath = try AipkgArchive.extract(path: archive, to: staging).manifest
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw MarketError("\(name) \(version): refusing the archive: \(error.description)")
        }
        do {
            let manifest = try PluginManifest.load(path: manifestPath)
            let problems = ArchiveExpectations(name: name, version: version, release: release).problems(with: manifest)
            guard problems.isEmpty else {
                throw MarketError("\(name) \(version): the archive does not match its index entry: " + problems.joined(separator: "; "))
            }
            try Self.syncTree(staging)
        } catch let error as MarketError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw MarketError("\(name) \(version): the archive's manifest is invalid: \(error)")
        }
        return staging
    }

    /// Moves a staged version to `ROOT/NAME/VERSION`. If that folder exists already (a reinstall)
    /// and still verifies, the staged copy is dropped; a damaged one is replaced.
    public func place(staged: String, name: String, version: SemanticVersion) throws(MarketError) {
        let target = directory(of: name, version)
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
            if manager.fileExists(atPath: target) {
                if verify(name: name, version: version).isEmpty {
                    try manager.removeItem(atPath: staged)
                    return
                }
                let trash = "\(root)/.staging/damaged-\(name)-\(version)-\(getpid())"
                try manager.moveItem(atPath: target, toPath: trash)
                try? manager.removeItem(atPath: trash)
            }
            try Self.rename(staged, to: target)
            Self.syncDirectory("\(root)/\(name)")
        } catch let error as MarketError {
            throw error
        } catch {
            throw MarketError("cannot move \(name) \(version) into \(target): \(error)")
        }
    }

    /// Points `current` at `version` in one atomic rename.
    public func activate(name: String, version: SemanticVersion) throws(MarketError) {
        let folder = "\(root)/\(name)"
        let temporary = "\(folder)/.current-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        guard symlink(version.description, temporary) == 0 else {
            throw MarketError("cannot create a link in \(folder): \(String(cString: strerror(errno)))")
        }
        do {
            try Self.rename(temporary, to: "\(folder)/\(Self.currentLink)")
        } catch {
            unlink(temporary)
            throw error
        }
        Self.syncDirectory(folder)
    }

    /// Removes a plugin and every version of it. The folder is first renamed away, so the host
    /// never sees half a plugin.
    public func remove(name: String) throws(MarketError) {
        let folder = "\(root)/\(name)"
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let trash = "\(root)/.staging/removed-\(name)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        do {
            try FileManager.default.createDirectory(atPath: "\(root)/.staging", withIntermediateDirectories: true)
            try Self.rename(folder, to: trash)
            try FileManager.default.removeItem(atPath: trash)
        } catch let error as MarketError {
            throw error
        } catch {
            throw MarketError("cannot remove \(folder): \(error)")
        }
    }

    /// Deletes unpacked versions other than `keeping` (the active one is always kept).
    public func prune(name: String, keeping: Set<SemanticVersion>) {
        let active = activeVersion(of: name)
        for version in versionsOnDisk(of: name) where !keeping.contains(version) && version != active {
            try? FileManager.default.removeItem(atPath: directory(of: name, version))
        }
    }

    /// Re-hashes every file of an unpacked version against the CHECKSUMS it was shipped with.
    /// Returns the problems found; empty means intact.
    public func verify(name: String, version: SemanticVersion) -> [String] {
        let folder = directory(of: name, version)
        guard let listing = FileManager.default.contents(atPath: "\(folder)/CHECKSUMS"),
              let text = String(data: listing, encoding: .utf8) else {
            return ["\(folder)/CHECKSUMS is missing or unreadable"]
        }
        var problems: [String] = []
        var listed = Set<String>(["CHECKSUMS"])
        for line in text.split(separator: "\n") where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { problems.append("\(folder)/CHECKSUMS has a malformed line: \(line)"); continue }
            let file = String(parts[1].drop(while: { $0 == " " || $0 == "*" }))
            listed.insert(file)
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(file)") else {
                problems.append("\(folder)/\(file) is missing")
                continue
            }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            if digest != parts[0] {
                problems.append("\(folder)/\(file) was modified (sha256 \(digest), installed as \(parts[0]))")
            }
        }
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        for extra in present.subtracting(listed).sorted() {
            problems.append("\(folder)/\(extra) was not part of the package")
        }
        return problems
    }

    // MARK: File-system primitives

    static func rename(_ source: String, to destination: String) throws(MarketError) {
        guard Foundation.rename(source, destination) == 0 else {
            throw MarketError("cannot rename \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes a rename durable: without an fsync of the folder a power cut can undo it.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Flushes every file of a freshly unpacked folder, so the rename that publishes it never
    /// exposes files whose contents are still only in the page cache.
    static func syncTree(_ path: String) throws(MarketError) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let descriptor = open("\(path)/\(name)", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else {
                throw MarketError("cannot write \(path)/\(name) to disk: \(String(cString: strerror(errno)))")
            }
        }
        syncDirectory(path)
    }
}
