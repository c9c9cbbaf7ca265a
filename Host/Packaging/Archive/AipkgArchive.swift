import Foundation

/// `.aipkg`: a plugin archive. An uncompressed POSIX ustar stream of flat regular files —
/// plugin.json, the library, optionally README.md and LICENSE, and CHECKSUMS (sha256 of every
/// other entry) — in byte order of their names, with every time stamp and owner zeroed.
///
/// Uncompressed because deterministic compression would need a deflate implementation or zlib,
/// neither of which this package has; the shared object dominates the size, and transports
/// (HTTP, registries) compress on the wire anyway. Any `tar` can list or unpack it.
public enum AipkgArchive {
    public static let fileExtension = "aipkg"
    /// Larger archives are refused unread, so a hostile file cannot exhaust memory.
    public static let maximumSize = 512 * 1024 * 1024

    /// Every entry by name, after checking the archive's structure and that each entry matches
    /// its CHECKSUMS line. A tampered, truncated or unsafe archive is refused.
    public static func read(path: String) throws(AipkgError) -> [String: [UInt8]] {
        func refuse(_ reason: String) -> AipkgError { AipkgError(archive: path, reason: reason) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw refuse("cannot read the file: \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw refuse("is not a regular file") }
        guard Int(status.st_size) <= maximumSize else {
            throw refuse("is \(status.st_size) bytes, more than the \(maximumSize / 1024 / 1024) MiB an archive may have")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the file") }
        do {
            return try verified(TarReader.entries(of: Array(data)))
        } catch {
            throw refuse(error.reason)
        }
    }

    /// Unpacks a verified archive into `directory` (created if needed) and returns the paths of
    /// the manifest and of the library it names. Existing files are never overwritten.
    public static func extract(path: String, to directory: String) throws(AipkgError) -> (manifest: String, library: String) {
        let files = try read(path: path)
        let manifest: PluginManifest
        do {
            manifest = try PluginManifest.parse(files[PluginManifest.fileName] ?? [], source: "\(path)!\(PluginManifest.fileName)")
        } catch {
            throw AipkgError(archive: path, reason: "holds an invalid manifest:\n\(error.description)")
        }
        guard files[manifest.library] != nil else {
            throw AipkgError(archive: path, reason: "does not contain \(manifest.library), the library its manifest names")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for name in files.keys.sorted() {
                try NewFile.write(files[name] ?? [], to: directory + "/" + name, mode: name == manifest.library ? 0o755 : 0o644)
            }
        } catch {
            throw AipkgError(archive: path, reason: "cannot extract into \(directory): \(error)")
        }
        return (directory + "/" + PluginManifest.fileName, directory + "/" + manifest.library)
    }

    /// The archive bytes for `files` (without CHECKSUMS, which is computed here). `library` gets
    /// mode 0755, everything else 0644. Nothing is checked: packers validate first (see
    /// `PluginPacker`); marketplaces and tests use this to build archives from files in memory.
    public static func encode(_ files: [String: [UInt8]], library: String) -> [UInt8] {
        var all = files
        all[ChecksumList.entryName] = ChecksumList.render(files)
        return TarWriter.archive(all.keys.sorted().map { name in
            TarEntry(name: name, mode: name == library ? 0o755 : 0o644, contents: all[name] ?? [])
        })
    }

    /// Entries by name once CHECKSUMS accounts for every other entry, exactly.
    private static func verified(_ entries: [TarEntry]) throws(TarFormatError) -> [String: [UInt8]] {
        let files = Dictionary(entries.map { ($0.name, $0.contents) }, uniquingKeysWith: { first, _ in first })
        guard let listing = files[ChecksumList.entryName] else {
            throw TarFormatError("has no \(ChecksumList.entryName) entry, so its contents cannot be verified")
        }
        var expected = try ChecksumList.parse(listing)
        for name in files.keys.sorted() where name != ChecksumList.entryName {
            guard let digest = expected.removeValue(forKey: name) else {
                throw TarFormatError("contains \(name), which \(ChecksumList.entryName) does not list")
            }
            let actual = ChecksumList.sha256Hex(files[name] ?? [])
            guard actual == digest else {
                throw TarFormatError("\(name) does not match its checksum (\(ChecksumList.entryName) says \(digest), the content hashes to \(actual)): the archive was modified or corrupted")
            }
        }
        if let missing = expected.keys.sorted().first {
            throw TarFormatError("lacks \(missing), which \(ChecksumList.entryName) lists")
        }
        guard files[PluginManifest.fileName] != nil else {
            throw TarFormatError("has no \(PluginManifest.fileName)")
        }
        return files
    }
}
