import AIPHost
import Foundation

/// Packs a plugin folder into NAME-VERSION.aipkg (format: see `AipkgArchive`).
///
/// plugin.json and the library it names are required, and must agree (the same check as
/// `aip plugin validate`). README.md and LICENSE are optional: a plugin without them still works,
/// and plugin.json already carries a description and an SPDX licence, so their absence is a
/// warning rather than a refusal.
public enum PluginPacker {
    static let optionalFiles = [
        ("README.md", "no README.md: readers of the archive get only plugin.json's one-line description"),
        ("LICENSE", "no LICENSE file: the archive carries only plugin.json's SPDX identifier"),
    ]

    /// `output` is the archive path, or a directory to put NAME-VERSION.aipkg in; by default the
    /// archive goes into `directory`. An existing archive at that path is replaced.
    public static func pack(directory: String, output: String?, prober: PluginProber?) throws -> PackResult {
        let manifestPath = URL(fileURLWithPath: directory).appendingPathComponent(PluginManifest.fileName).path
        let inspection = PluginValidator.inspect(manifestPath: manifestPath, prober: prober)
        guard inspection.report.ok, let manifest = inspection.manifest, let libraryPath = inspection.libraryPath else {
            throw PackError(directory: directory, problems: inspection.report.errors)
        }
        var files: [String: [UInt8]] = [
            PluginManifest.fileName: try contents(of: manifestPath, directory: directory),
            manifest.library: try contents(of: libraryPath, directory: directory),
        ]
        var warnings: [String] = []
        for (name, warning) in optionalFiles {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) {
                files[name] = try contents(of: path, directory: directory)
            } else {
                warnings.append("\(directory): \(warning)")
            }
        }
        let archive = AipkgArchive.encode(files, library: manifest.library)
        guard archive.count <= AipkgArchive.maximumSize else {
            throw PackError(directory: directory, problems: ["the archive would be \(archive.count) bytes, more than the \(AipkgArchive.maximumSize / 1024 / 1024) MiB readers accept"])
        }
        let path = archivePath(output: output, directory: directory, name: "\(manifest.name)-\(manifest.version).\(AipkgArchive.fileExtension)")
        try replace(path, with: archive, directory: directory)
        return PackResult(path: path, size: archive.count, sha256: ChecksumList.sha256Hex(archive),
                          files: (Array(files.keys) + [ChecksumList.entryName]).sorted(), warnings: warnings)
    }

    private static func archivePath(output: String?, directory: String, name: String) -> String {
        guard let output else { return URL(fileURLWithPath: directory).appendingPathComponent(name).path }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: output).appendingPathComponent(name).path
        }
        return output
    }

    private static func contents(of path: String, directory: String) throws(PackError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackError(directory: directory, problems: ["cannot read \(path)"])
        }
        return Array(data)
    }

    /// Writes beside the target and renames, so a reader never sees half an archive and a failed
    /// pack leaves any previous archive intact.
    private static func replace(_ path: String, with bytes: [UInt8], directory: String) throws(PackError) {
        let temporary = "\(path).partial-\(getpid())"
        unlink(temporary)
        do { try NewFile.write(bytes, to: temporary, mode: 0o644) } catch {
            throw PackError(directory: directory, problems: ["cannot write the archive: \(error)"])
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PackError(directory: directory, problems: ["cannot write the archive \(path): \(reason)"])
        }
    }
}
