import AIPHost
import Foundation

/// Checks a `plugin.json` against the shared object it names: the manifest must be valid, the
/// library must exist, be a shared object for this machine and load, and its descriptor must say
/// exactly what the manifest says.
public enum PluginValidator {
    /// Everything a check learned, for callers that go on to pack or rewrite the manifest.
    public struct Inspection: Sendable {
        public let report: ValidationReport
        /// Set when the manifest loaded.
        public let manifest: PluginManifest?
        /// Set when the library loaded.
        public let descriptor: PluginDescriptor?
        /// Absolute path of the library, once the manifest named it.
        public let libraryPath: String?
    }

    /// With a `prober`, the library is first loaded in a child process, so a library that crashes
    /// in its constructors or entry function is reported instead of killing this process; only a
    /// library the child loaded cleanly is then loaded here to read its full descriptor.
    public static func validate(manifestPath: String, prober: PluginProber?) -> ValidationReport {
        inspect(manifestPath: manifestPath, prober: prober).report
    }

    public static func inspect(manifestPath: String, prober: PluginProber?) -> Inspection {
        let manifest: PluginManifest
        do { manifest = try PluginManifest.load(path: manifestPath) } catch {
            return Inspection(report: ValidationReport(manifest: manifestPath, library: nil, plugin: nil, errors: error.lines),
                              manifest: nil, descriptor: nil, libraryPath: nil)
        }
        let folder = URL(fileURLWithPath: manifestPath).standardizedFileURL.deletingLastPathComponent()
        let libraryPath = folder.appendingPathComponent(manifest.library).path
        func finish(_ problems: [String], _ descriptor: PluginDescriptor? = nil) -> Inspection {
            let report = ValidationReport(manifest: manifestPath, library: libraryPath, plugin: "\(manifest.name) \(manifest.version)",
                                          errors: problems.map { "\(manifestPath): \($0)" })
            return Inspection(report: report, manifest: manifest, descriptor: descriptor, libraryPath: libraryPath)
        }
        let fileProblems = libraryFileProblems(libraryPath, manifest: manifest)
        guard fileProblems.isEmpty else { return finish(fileProblems) }
        let descriptor: PluginDescriptor
        switch loadDescriptor(libraryPath, prober: prober) {
        case .success(let loaded): descriptor = loaded
        case .failure(let refusal): return finish(["library: \(refusal.description)"])
        }
        return finish(manifest.mismatches(with: descriptor), descriptor)
    }

    /// Why the file the manifest names cannot be this machine's plugin library; empty when it can.
    private static func libraryFileProblems(_ path: String, manifest: PluginManifest) -> [String] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return ["library: \(path) does not exist (\(String(cString: strerror(errno)))); build the plugin first, or fix the \"library\" field"]
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return ["library: \(path) is not a regular file"] }
        let identity: ELFIdentity
        do { identity = try ELFIdentity.read(path: path) } catch { return ["library: \(path) \(error.reason)"] }
        guard identity.isSharedObject else { return ["library: \(path) is an ELF file but not a shared library (.so)"] }
        var problems: [String] = []
        if identity.architecture != HostPlatform.architecture {
            problems.append("library: \(path) is built for \(identity.architecture); this host is \(HostPlatform.architecture), so it cannot be loaded or checked here")
        }
        let declared = manifest.platform.split(separator: "-").first.map(String.init) ?? manifest.platform
        if declared != identity.architecture {
            problems.append("platform: says \(manifest.platform) but the library \(path) is built for \(identity.architecture)")
        }
        return problems
    }

    private static func loadDescriptor(_ path: String, prober: PluginProber?) -> Result<PluginDescriptor, PluginRefusal> {
        if let prober {
            // The prober answers one entry per path; a missing one means the child gave no answer.
            let entry = prober.probe([path]).first
            guard let entry, entry.status == .ok else {
                return .failure(PluginRefusal(path: path, stage: entry?.stage ?? .quarantine,
                                              reason: entry?.reason ?? "could not be probed: the probe process gave no answer"))
            }
        }
        do { return .success(try PluginImageLoader.open(path)) } catch { return .failure(error) }
    }
}
