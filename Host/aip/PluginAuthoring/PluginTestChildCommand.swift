import AIPConformance
import ArgumentParser
import Foundation

/// The child side of `aip plugin test`: not for people. Runs one check and streams JSON lines
/// on stdout (see ChildLine in AIPConformance); the parent starts it with ChildRequest.arguments.
struct PluginTestChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test-child", shouldDisplay: false)

    @Option var check: String
    @Option var capability: String?
    @Option var seed: UInt64
    @Option var iterations: Int
    @Option(name: .customLong("max-call-ms")) var maxCallMilliseconds: Int
    @Option var threads: Int
    @Option(name: .customLong("data-root")) var dataRoot: String
    @Option var manifest: String?
    @Option var config: String?
    @Option(name: .customLong("with")) var providers: [String] = []
    @Argument var library: String

    func validate() throws {
        guard ConformanceCheck(rawValue: check) != nil else { throw ValidationError("unknown check \(check)") }
    }

    func run() throws {
        // The host logs every refusal; the child's verdict already carries them.
        LoggingBootstrap.once(level: .critical)
        let options = ConformanceOptions(seed: seed, iterations: iterations, maxCallMilliseconds: maxCallMilliseconds,
                                         threads: threads, configFile: config, providers: providers)
        ConformanceChild.run(ChildRequest(check: ConformanceCheck(rawValue: check)!, capability: capability, library: library, manifest: manifest,
                                          dataRoot: dataRoot, options: options))
    }
}
