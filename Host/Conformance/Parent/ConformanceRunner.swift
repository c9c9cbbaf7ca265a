import Foundation

/// Runs the conformance suite against one plugin: each check in a child process of its own
/// (`aip plugin test-child`), one after the other, so timings are not skewed by each other and a
/// plugin that crashes or hangs fails that check only.
public struct ConformanceRunner: Sendable {
    /// The `aip` executable to re-run as the child.
    public let executable: String
    public let options: ConformanceOptions
    /// Told the name of each check as it starts ("fuzz greeter.greet"), for a progress line.
    public let progress: (@Sendable (String) -> Void)?

    public init(executable: String, options: ConformanceOptions, progress: (@Sendable (String) -> Void)? = nil) {
        self.executable = executable
        self.options = options
        self.progress = progress
    }

    public func run(path: String) throws(PluginTargetError) -> ConformanceReport {
        let scratch = NSTemporaryDirectory() + "aip-conformance-\(getpid())-\(UUID().uuidString.prefix(8))"
        do { try FileManager.default.createDirectory(atPath: scratch + "/data", withIntermediateDirectories: true) } catch {
            throw PluginTargetError("cannot create a scratch directory \(scratch): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let target = try PluginTarget.resolve(path, scratchDirectory: scratch)
        let clock = ContinuousClock()
        let started = clock.now
        var session = Session(runner: self, target: target, scratch: scratch)
        let results = session.runAll()
        return ConformanceReport(plugin: session.summary?.name, version: session.summary?.version, target: target,
                                 options: options, results: results, milliseconds: Int(Milliseconds.of(clock.now - started).rounded()))
    }

    /// One run's state: what the descriptor said and what the children observed so far.
    private struct Session {
        let runner: ConformanceRunner
        let target: PluginTarget
        let scratch: String
        var summary: DescriptorSummary?
        var ledger = ObservationLedger()

        init(runner: ConformanceRunner, target: PluginTarget, scratch: String) {
            self.runner = runner
            self.target = target
            self.scratch = scratch
        }

        mutating func runAll() -> [CheckResult] {
            let (descriptorResult, descriptorRun) = child(.descriptor)
            summary = descriptorRun.lines.compactMap(\.descriptor).last
            guard let summary, descriptorResult.outcome == .passed else {
                // Nothing else can run on a plugin the host will not load.
                return [descriptorResult]
            }
            var results = [descriptorResult]
            results.append(target.manifest == nil ? .skipped(.manifest, nil, "no \(PluginTarget.manifestName) next to the library")
                                                  : child(.manifest).0)
            var lifecycle = child(.lifecycle).0
            for check in [ConformanceCheck.call, .fuzz, .concurrency] {
                for capability in summary.capabilities {
                    if check == .concurrency && !summary.threadSafe {
                        // No child needed to know the answer.
                        results.append(.skipped(.concurrency, capability.name, ConcurrencyCheck.notThreadSafe))
                    } else {
                        results.append(child(check, capability).0)
                    }
                }
            }
            addOrderProblemsSeenElsewhere(to: &lifecycle)
            results.insert(lifecycle, at: 2)
            for capability in summary.capabilities {
                results.append(DerivedVerdicts.latency(capability.name, ledger: ledger, boundMilliseconds: runner.options.maxCallMilliseconds))
            }
            results.append(DerivedVerdicts.events(ledger: ledger, summary: summary))
            return results
        }

        /// Out-of-order host calls happen in every check that starts the plugin (a lookup in
        /// init, say); the lifecycle line owns them all.
        private func addOrderProblemsSeenElsewhere(to lifecycle: inout CheckResult) {
            let unseen = ledger.notes(.order).map(\.text).filter { !lifecycle.detail.contains($0) }
            guard !unseen.isEmpty else { return }
            let text = "seen in other checks: " + unseen.joined(separator: "; ")
            if lifecycle.outcome == .failed {
                lifecycle.detail += "; " + text
            } else {
                lifecycle.outcome = .failed
                lifecycle.detail = text
            }
            lifecycle.details += unseen
        }

        private mutating func child(_ check: ConformanceCheck, _ capability: DescriptorSummary.Capability? = nil) -> (CheckResult, ChildRun) {
            runner.progress?([check.rawValue, capability?.name].compactMap { $0 }.joined(separator: " "))
            let request = ChildRequest(check: check, capability: capability?.name, library: target.library,
                                       manifest: target.manifest, dataRoot: scratch + "/data", options: runner.options)
            let run = ChildProcess.run(executable: runner.executable, arguments: request.arguments,
                                       workingDirectory: scratch, timeoutSeconds: runner.options.timeoutSeconds)
            ledger.absorb(run, from: check)
            let verdict = ChildVerdict(check: check, capability: capability?.name, signature: capability?.nativeSignature,
                                       seed: runner.options.seed, reproduceCommand: reproduceCommand)
            return (verdict.result(of: run), run)
        }

        /// The command that reruns the same inputs; {iterations} is filled in per failure.
        private var reproduceCommand: String {
            var words = ["aip", "plugin", "test", "--seed", String(runner.options.seed), "--iterations", "{iterations}"]
            if let config = runner.options.configFile { words += ["--config", config] }
            for provider in runner.options.providers { words += ["--with", provider] }
            return (words + [target.path]).joined(separator: " ")
        }
    }
}
