import Foundation
import AIPHost

/// Turns a child run into its report line: the child's own verdict when it finished, otherwise
/// how it died (signal, hang, exit) and exactly what it was doing — stage, and the input in flight.
struct ChildVerdict {
    let check: ConformanceCheck
    let capability: String?
    /// Native signature of the capability, to rebuild fuzz inputs exactly as the child built them.
    let signature: NativeSignature?
    let seed: UInt64
    /// `aip plugin test` arguments that reproduce this run, minus the iteration count.
    let reproduceCommand: String

    func result(of run: ChildRun) -> CheckResult {
        var result = verdict(of: run)
        result.milliseconds = run.milliseconds
        return result
    }

    private func verdict(of run: ChildRun) -> CheckResult {
        let finished = run.lines.last { $0.result != nil }?.result
        switch run.ending {
        case .exited(0):
            return finished ?? failure("the check process ended without a verdict \(whereItWas(run))", run)
        case .exited(let status):
            return failure("the check process exited with status \(status) \(whereItWas(run)) (did the plugin call exit?)", run)
        case .signalled(let signal) where finished != nil:
            return failure("crashed with \(SignalName.of(signal)) after the check finished, while the process exited", run)
        case .signalled(let signal):
            return failure("crashed with \(SignalName.of(signal)) \(whereItWas(run))", run)
        case .hung(let seconds):
            return failure("hung after \(seconds) s \(whereItWas(run))", run)
        case .couldNotStart(let reason):
            return CheckResult.failed(check, capability, reason)
        }
    }

    private func failure(_ detail: String, _ run: ChildRun) -> CheckResult {
        var details: [String] = []
        if let input = inFlightFuzzInput(run) {
            details.append("reproduce: \(reproduceCommand.replacingOccurrences(of: "{iterations}", with: String(input.index + 1)))")
        }
        details += run.standardErrorTail.map { "stderr: \($0)" }
        return CheckResult.failed(check, capability, detail, details: details)
    }

    /// "calling x.y with fuzz input #3 (seed 7, huge string): "…"" or "during cycle 2: start".
    private func whereItWas(_ run: ChildRun) -> String {
        if let input = inFlightFuzzInput(run), let capability {
            return "calling \(capability) with \(FuzzInputLabel.text(input, seed: seed))"
        }
        guard let stage = lastStage(run) else { return "before it reported anything" }
        if let input = stage.input { return "during \(stage.stage ?? "the check") with input \(input)" }
        return "during \(stage.stage ?? "the check")"
    }

    private func lastStage(_ run: ChildRun) -> ChildLine? {
        run.lines.last { $0.stage != nil }
    }

    /// The fuzz input announced last, if nothing else was announced after it.
    private func inFlightFuzzInput(_ run: ChildRun) -> FuzzInput? {
        guard let last = run.lines.last(where: { $0.stage != nil || $0.fuzzIndex != nil }), let index = last.fuzzIndex,
              let capability else { return nil }
        return FuzzCorpus.input(seed: seed, capability: capability, signature: signature, index: index)
    }
}
