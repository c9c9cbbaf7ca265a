import AIPHost

/// Check 4: malformed and random payloads from a seeded generator (see `FuzzCorpus`). Each must
/// come back with a status; a crash or hang is caught by the parent, which rebuilds the input
/// from the index announced before each call.
enum FuzzCheck {
    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> (CheckResult, Observations?) {
        let capability = request.capability ?? ""
        let child: ChildHost
        switch ChildHost.started(request, emitter: emitter) {
        case .failure(let failure): return (.failed(.fuzz, capability, failure.description), nil)
        case .success(let started): child = started
        }
        guard let entry = child.entry(capability) else {
            child.stop()
            return (.failed(.fuzz, capability, "the plugin declares \(capability) but the host has no entry for it after start"), nil)
        }
        let seed = request.options.seed
        emitter.stage("fuzz \(capability)")
        var tally = StatusTally()
        var slowest: (milliseconds: Double, input: FuzzInput)?
        for index in 0..<request.options.iterations {
            let input = FuzzCorpus.input(seed: seed, capability: capability, signature: entry.signature, index: index)
            emitter.fuzzIndex(index)
            let (result, milliseconds) = child.call(entry, input.bytes)
            tally.add(result.status)
            if milliseconds > slowest?.milliseconds ?? -1 { slowest = (milliseconds, input) }
        }
        child.stop()
        var observations = child.recorder.observations
        if let slowest {
            observations.slowestCalls = [SlowCall(capability: capability, milliseconds: slowest.milliseconds,
                                                  input: FuzzInputLabel.text(slowest.input, seed: seed))]
        }
        return (.passed(.fuzz, capability, "\(tally.total) inputs (seed \(seed)): \(tally.description)"), observations)
    }
}
