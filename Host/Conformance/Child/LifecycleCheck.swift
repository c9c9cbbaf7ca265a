import AIPHost
import Foundation

/// Check 2: init → start → stop → shutdown, then the same again on a fresh instance in the same
/// process (as when a plugin is reloaded or a host restarts it), with a well-formed call to each
/// capability while it runs. Catches plugins that work only once (static state), fail to stop,
/// or call the host out of order — before start, or after shutdown from a thread they left behind.
enum LifecycleCheck {
    static let cycles = 2
    /// Seconds to keep watching after the last shutdown for calls from threads left behind.
    static let watchAfterShutdown: TimeInterval = 0.25

    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> (CheckResult, [HostCallRecorder]) {
        var problems: [String] = []
        var recorders: [HostCallRecorder] = []
        for cycle in 1...cycles {
            let label = "cycle \(cycle): "
            switch ChildHost.load(request, emitter: emitter, label: label) {
            case .failure(let failure):
                problems.append(label + failure.description)
            case .success(let child):
                recorders.append(child.recorder)
                if let failure = child.start() {
                    problems.append(label + failure.description)
                } else {
                    exercise(child, label: label, emitter: emitter)
                    emitter.stage(label + "stop")
                    child.stop()
                    problems += child.recorder.problems.map { label + $0 }
                }
            }
            if !problems.isEmpty { break }
        }
        emitter.stage("watching for host calls after the last shutdown")
        Thread.sleep(forTimeInterval: watchAfterShutdown)
        let order = orderProblems(recorders)
        let all = problems + order
        guard all.isEmpty else {
            return (.failed(.lifecycle, nil, all.joined(separator: "; "), details: all), recorders)
        }
        let calls = recorders.map(\.hostCalls).reduce(0, +)
        return (.passed(.lifecycle, nil, "\(cycles) cycles of init, start, stop, shutdown; \(calls) host calls, none out of order"), recorders)
    }

    /// One well-formed call per capability: a plugin whose state did not survive a restart
    /// usually breaks on its first call, not in start.
    private static func exercise(_ child: ChildHost, label: String, emitter: ChildEmitter) {
        for capability in child.descriptor.provides where !capability.name.hasSuffix(".*") {
            guard let entry = child.entry(capability.name) else { continue }
            let input = WellFormedInput.for(capability.signature)
            emitter.stage(label + "call \(capability.name)", input: InputRendering.render(input))
            _ = child.call(entry, input)
        }
    }

    /// Order notes of every cycle, merged by text with their counts.
    private static func orderProblems(_ recorders: [HostCallRecorder]) -> [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for note in recorders.flatMap(\.observations.notes) where note.kind == .order {
            if counts[note.text] == nil { order.append(note.text) }
            counts[note.text, default: 0] += note.count
        }
        return order.map { text in counts[text]! > 1 ? "\(text) (\(counts[text]!)×)" : text }
    }
}
