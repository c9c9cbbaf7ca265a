import AIPHost
import AIPPackaging
import Foundation

/// The manifest (plugin.json next to the library, or the one inside the .aipkg) must describe the
/// library it ships with: a manifest that promises a capability the .so lacks misleads installers
/// and dependency resolution before the library is ever loaded.
enum ManifestCheck {
    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> CheckResult {
        guard let path = request.manifest else {
            return .skipped(.manifest, nil, "no plugin.json next to the library")
        }
        let file = URL(fileURLWithPath: path).lastPathComponent
        emitter.stage("read \(file)")
        let manifest: PluginManifest
        do { manifest = try PluginManifest.load(path: path) } catch {
            return .failed(.manifest, nil, "\(file) cannot be read: \(error)")
        }
        let libraryName = URL(fileURLWithPath: request.library).lastPathComponent
        guard manifest.library == libraryName else {
            // Several libraries may share a directory; this manifest is another one's.
            return .skipped(.manifest, nil, "\(file) describes \(manifest.library), not \(libraryName)")
        }
        emitter.stage("load")
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(request.library) } catch {
            return .failed(.manifest, nil, "cannot compare \(file): the host refused the library (\(error.stage.rawValue)): \(error.reason)")
        }
        let mismatches = manifest.mismatches(with: descriptor)
        guard mismatches.isEmpty else {
            return .failed(.manifest, nil, "\(file) disagrees with the descriptor: " + mismatches.joined(separator: "; "), details: mismatches)
        }
        return .passed(.manifest, nil, "\(file) agrees with the descriptor")
    }
}
