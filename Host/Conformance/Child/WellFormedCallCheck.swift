import AIPHost

/// Check 3: the capability answers a well-formed call with a status. Which status does not
/// matter (a capability may need fields `{}` lacks); crashing or hanging does.
enum WellFormedCallCheck {
    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> (CheckResult, Observations?) {
        let capability = request.capability ?? ""
        let child: ChildHost
        switch ChildHost.started(request, emitter: emitter) {
        case .failure(let failure): return (.failed(.call, capability, failure.description), nil)
        case .success(let started): child = started
        }
        guard let entry = child.entry(capability) else {
            child.stop()
            return (.failed(.call, capability, "the plugin declares \(capability) but the host has no entry for it after start"), child.recorder.observations)
        }
        let input = WellFormedInput.for(entry.signature)
        let shown = InputRendering.render(input)
        emitter.stage("call \(capability)", input: shown)
        let (result, milliseconds) = child.call(entry, input)
        child.stop()
        var observations = child.recorder.observations
        observations.slowestCalls = [SlowCall(capability: capability, milliseconds: milliseconds, input: "the well-formed call \(shown)")]
        return (.passed(.call, capability, "\(shown) → \(ReplySummary.of(result))"), observations)
    }
}
