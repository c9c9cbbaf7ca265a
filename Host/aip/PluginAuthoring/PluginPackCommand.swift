import AIPPackaging
import ArgumentParser

/// `aip plugin pack [DIR] [-o FILE] [--json]`: a reproducible NAME-VERSION.aipkg of a plugin folder.
struct PluginPackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack a plugin folder into a reproducible NAME-VERSION.aipkg.",
        discussion: """
        The folder needs plugin.json and the library it names, and they must agree (as checked by \
        aip plugin validate). README.md and LICENSE are packed when present (a warning when not). \
        The archive is an uncompressed ustar file with a CHECKSUMS entry (sha256 of every other \
        entry); the same inputs always give the same bytes, so its sha256 can be pinned.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The plugin folder.") var directory: String = "."
    @Option(name: [.customShort("o"), .customLong("output")], help: "The archive path, or a folder for it (default: DIR/NAME-VERSION.aipkg).")
    var output: String?

    private struct Failure: Encodable {
        let ok = false
        let errors: [String]
    }

    func run() throws {
        let result: PackResult
        do {
            result = try PluginPacker.pack(directory: directory, output: output, prober: global.prober)
        } catch let error as PackError {
            if global.json { Output.json(Failure(errors: error.problems)) } else { Output.error(error.description) }
            throw ExitCode(1)
        } catch {
            if global.json { Output.json(Failure(errors: ["\(error)"])) } else { Output.error("\(error)") }
            throw ExitCode(1)
        }
        if global.json { return Output.json(result) }
        for warning in result.warnings { Output.error("warning: \(warning)") }
        Output.line("packed \(result.path)")
        Output.line("  size:   \(result.size) bytes")
        Output.line("  sha256: \(result.sha256)")
        Output.line("  files:  \(result.files.joined(separator: ", "))")
    }
}
