import AIPConformance
import ArgumentParser
import Foundation

/// `aip plugin test PATH`: the ABI conformance suite. Every check runs in a child process
/// (`aip plugin test-child`), so a plugin that crashes or hangs fails a check instead of the run.
struct PluginTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the ABI conformance suite against a plugin (.so, .aipkg, or a directory).",
        discussion: """
        Checks, each in a child process: descriptor (loads, valid names/versions/signatures/topics); \
        manifest (plugin.json agrees with the descriptor); lifecycle (init, start, stop, shutdown twice, \
        no host call out of order); call (each capability answers {} or zero arguments); fuzz \
        (--iterations malformed and random inputs per capability from --seed); concurrency (thread-safe \
        plugins, --threads at once); latency (no call over --max-call-ms); events (no publish outside the \
        declared topics). A check still running after --timeout seconds is reported hung.

        Exit codes: 0 every check passed (or was skipped); 1 a check failed; 64 usage error.
        """)

    @Argument(help: "A plugin .so (plugin.json beside it is checked too), a .aipkg, or a directory holding one .so.")
    var path: String

    @Option(help: "Seed of the fuzz inputs; the same seed sends the same inputs (default: random, printed).")
    var seed: UInt64?

    @Option(help: "Fuzz inputs per capability, and calls of the concurrency check.")
    var iterations = ConformanceOptions.defaultIterations

    @Option(name: .customLong("max-call-ms"), help: "No single call may take longer (milliseconds).")
    var maxCallMilliseconds = ConformanceOptions.defaultMaxCallMilliseconds

    @Option(help: "Seconds before a check's child process is killed and reported hung.")
    var timeout = ConformanceOptions.defaultTimeoutSeconds

    @Option(help: "Threads of the concurrency check.")
    var threads = ConformanceOptions.defaultThreads

    @Option(help: "A host config file whose plugins section configures the plugin.")
    var config: String?

    @Option(name: .customLong("with"), help: "A plugin providing one of its requirements (repeatable); loaded, not tested.")
    var providers: [String] = []

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Also write the report as JUnit XML to this file.")
    var junit: String?

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard maxCallMilliseconds >= 1 else { throw ValidationError("--max-call-ms must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
    }

    func run() throws {
        let options = ConformanceOptions(
            seed: seed ?? ConformanceOptions.randomSeed(), iterations: iterations, maxCallMilliseconds: maxCallMilliseconds,
            timeoutSeconds: timeout, threads: threads, configFile: config.map(Self.absolute), providers: providers.map(Self.absolute))
        // A progress line only where someone watches: it would garble a redirected stderr.
        let interactive = isatty(STDERR_FILENO) == 1
        let progress: (@Sendable (String) -> Void)? = interactive ? Self.showProgress : nil
        let runner = ConformanceRunner(executable: CommandLine.executablePath, options: options, progress: progress)
        let report: ConformanceReport
        do throws(PluginTargetError) { report = try runner.run(path: path) } catch {
            Output.error(error.description)
            throw ExitCode(1)
        }
        if interactive { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        if let junit {
            do { try Data(JUnitReport.xml(report).utf8).write(to: URL(fileURLWithPath: junit)) } catch {
                Output.error("cannot write \(junit): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if json {
            Output.json(report)
        } else {
            printHuman(report)
        }
        if !report.passed { throw ExitCode(1) }
    }

    private func printHuman(_ report: ConformanceReport) {
        let name = report.plugin.map { "\($0) \(report.version ?? "")" } ?? report.library
        Output.line("aip plugin test: \(name) (\(report.library)); seed \(report.options.seed), \(report.options.iterations) fuzz inputs per capability")
        Output.table(ReportTable.header, ReportTable.rows(report))
        let failures = report.failures
        if !failures.isEmpty {
            Output.line("")
            for failure in failures {
                Output.line("FAIL \([failure.check.rawValue, failure.capability].compactMap { $0 }.joined(separator: " ")): \(failure.detail)")
                for detail in failure.additionalDetails { Output.line("  \(detail)") }
            }
        }
        Output.line(ReportTable.summary(report))
    }

    @Sendable private static func showProgress(_ check: String) {
        FileHandle.standardError.write(Data("\u{1B}[2K\rtesting: \(check)".utf8))
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
