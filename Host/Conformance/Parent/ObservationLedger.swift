/// Collects what every child process observed, for the verdicts no single child can give:
/// latency (the slowest call of each capability) and events (publishes outside the declared
/// topics anywhere in the run), plus out-of-order host calls seen outside the lifecycle check.
struct ObservationLedger {
    private(set) var publishes = 0
    private var noteCounts: [ChildNote: Int] = [:]
    private var noteOrder: [ChildNote] = []
    /// Capability → its slowest sequential call so far.
    private var slowest: [String: SlowCall] = [:]
    /// Capabilities whose fuzz check ran to the end (so their slowest call covers every input).
    private var fuzzed: Set<String> = []

    mutating func absorb(_ run: ChildRun, from check: ConformanceCheck) {
        let streamed = run.lines.compactMap(\.note)
        if let observations = run.lines.last(where: { $0.observations != nil })?.observations {
            publishes += observations.publishes
            for note in observations.notes { count(ChildNote(kind: note.kind, text: note.text), note.count) }
            // Concurrent calls measure contention as much as the plugin, so only sequential ones count.
            if check == .fuzz { fuzzed.formUnion(observations.slowestCalls.map(\.capability)) }
            if check == .call || check == .fuzz {
                for call in observations.slowestCalls where call.milliseconds > slowest[call.capability]?.milliseconds ?? -1 {
                    slowest[call.capability] = call
                }
            }
        } else {
            // The child died before its summary: each streamed note happened at least once.
            for note in streamed { count(note, 1) }
        }
    }

    private mutating func count(_ note: ChildNote, _ times: Int) {
        if noteCounts[note] == nil { noteOrder.append(note) }
        noteCounts[note, default: 0] += times
    }

    func notes(_ kind: ChildNote.Kind) -> [(text: String, count: Int)] {
        noteOrder.filter { $0.kind == kind }.map { ($0.text, noteCounts[$0] ?? 0) }
    }

    func slowestCall(of capability: String) -> SlowCall? {
        slowest[capability]
    }

    func fuzzFinished(for capability: String) -> Bool {
        fuzzed.contains(capability)
    }
}
