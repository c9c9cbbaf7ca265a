import AIPPackaging
import ArgumentParser
import Foundation

/// `aip plugin validate [DIR|plugin.json] [--json] [--write]`: does plugin.json agree with the
/// library it names? The library is probed in a child process first, so a crashing library is
/// reported rather than taking the command down.
struct PluginValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plugin.json against the schema and against the library it names.",
        discussion: """
        Checks the manifest (schema: PluginSDK/plugin-manifest.schema.json), that the library exists \
        and is a shared object for this machine, then loads the library and compares its descriptor \
        with the manifest: name, version, abi, language, toolchain, thread_safe, provides, requires, \
        permissions and config_schema. Exit code 0 when they agree, 1 otherwise.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A plugin folder (containing plugin.json) or a manifest file.") var path: String = "."
    @Flag(help: "When the manifest disagrees with its library, rewrite the fields the library determines (keeps description, licence, authors, homepage, isolation, library).")
    var write = false

    func run() throws {
        let manifestPath = Self.manifestPath(for: path)
        var inspection = PluginValidator.inspect(manifestPath: manifestPath, prober: global.prober)
        if write, !inspection.report.ok, let manifest = inspection.manifest, let descriptor = inspection.descriptor {
            let updated = manifest.updated(from: descriptor)
            do {
                try Data(updated.jsonText().utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
            } catch {
                Output.error("cannot rewrite \(manifestPath): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            if !global.json { Output.line("rewrote \(manifestPath) from \(inspection.libraryPath ?? manifest.library)") }
            inspection = PluginValidator.inspect(manifestPath: manifestPath, prober: global.prober)
        }
        let report = inspection.report
        if global.json {
            Output.json(report)
        } else if report.ok {
            Output.line("ok: \(report.plugin ?? manifestPath) — \(manifestPath) agrees with \(report.library ?? "its library")")
        } else {
            for error in report.errors { Output.line(error) }
            Output.line("invalid: \(report.errors.count) problem\(report.errors.count == 1 ? "" : "s")")
        }
        if !report.ok { throw ExitCode(1) }
    }

    /// A folder means the plugin.json inside it.
    static func manifestPath(for path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return path }
        return URL(fileURLWithPath: path).appendingPathComponent(PluginManifest.fileName).path
    }
}
