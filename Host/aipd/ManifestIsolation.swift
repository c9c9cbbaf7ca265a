import AIPConfig
import Foundation

struct ManifestIsolationError: Error, CustomStringConvertible {
    let description: String
}

/// The `isolation` field of the `plugin.json` installed next to a plugin's library (the
/// manifest's default; `host.daemon.isolation` in the config overrides it).
enum ManifestIsolation {
    static func read(besides library: String) -> Result<DaemonSettings.Isolation?, ManifestIsolationError> {
        let file = URL(fileURLWithPath: library).deletingLastPathComponent().appendingPathComponent("plugin.json").path
        guard let data = FileManager.default.contents(atPath: file) else { return .success(nil) }
        let manifest: JSONValue
        do { manifest = try JSONParser.parse(String(decoding: data, as: UTF8.self), source: file) } catch {
            return .failure(ManifestIsolationError(description: "\(error)"))
        }
        // A folder may hold several libraries (a build directory): the manifest speaks for its own.
        if let own = manifest["library"]?.stringValue, own != URL(fileURLWithPath: library).lastPathComponent { return .success(nil) }
        guard let value = manifest["isolation"] else { return .success(nil) }
        // "either" leaves the choice to the operator; the daemon's default is in-process.
        if value.stringValue == "either" { return .success(nil) }
        guard let text = value.stringValue, let mode = DaemonSettings.Isolation(text: text) else {
            return .failure(ManifestIsolationError(description: "\(file): isolation: expected \"in-process\", \"out-of-process\" or \"either\", got \(value.serialized())"))
        }
        return .success(mode)
    }
}
