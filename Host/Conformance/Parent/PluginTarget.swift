import AIPPackaging
import Foundation

/// What `aip plugin test PATH` tests: a library, and the manifest to hold it to when there is one.
public struct PluginTarget: Sendable, Equatable {
    /// The path as given.
    public let path: String
    /// The shared object to load.
    public let library: String
    /// plugin.json next to the library, or the manifest unpacked from the .aipkg.
    public let manifest: String?

    public static let manifestName = "plugin.json"

    /// Accepts a `.so` (its directory may hold plugin.json), a `.aipkg` (unpacked into
    /// `scratchDirectory`), or a directory holding exactly one `.so` and maybe plugin.json.
    public static func resolve(_ path: String, scratchDirectory: String) throws(PluginTargetError) -> PluginTarget {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw PluginTargetError("\(path) does not exist")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
            let libraries = names.filter { $0.hasSuffix(".so") }.sorted()
            guard libraries.count == 1 else {
                throw PluginTargetError(libraries.isEmpty
                    ? "\(path) holds no .so file: build the plugin first, or name the library"
                    : "\(path) holds several .so files (\(libraries.joined(separator: ", "))): name the one to test")
            }
            return PluginTarget(path: path, library: absolute + "/" + libraries[0], manifest: manifest(in: absolute))
        }
        if absolute.hasSuffix(".aipkg") {
            let unpacked = scratchDirectory + "/package"
            do {
                try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
                let contents = try AipkgArchive.extract(path: absolute, to: unpacked)
                return PluginTarget(path: path, library: contents.library, manifest: contents.manifest)
            } catch {
                throw PluginTargetError("cannot unpack \(path): \(error)")
            }
        }
        return PluginTarget(path: path, library: absolute, manifest: manifest(in: URL(fileURLWithPath: absolute).deletingLastPathComponent().path))
    }

    private static func manifest(in directory: String) -> String? {
        let candidate = directory + "/" + manifestName
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }
}

public struct PluginTargetError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
