import AIPHost
import Foundation
import Synchronization

/// Check 5: a plugin that declares AIP_PLUGIN_THREAD_SAFE gets no lock from the host, so its
/// capabilities are called from several threads at once — half well-formed calls, half fuzz
/// inputs beyond the fuzz check's range. The call count is bounded by --iterations.
enum ConcurrencyCheck {
    /// Why the check does not apply to a plugin without AIP_PLUGIN_THREAD_SAFE.
    static let notThreadSafe = "not declared thread-safe: the host serialises its calls"

    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> (CheckResult, Observations?) {
        let capability = request.capability ?? ""
        let child: ChildHost
        switch ChildHost.started(request, emitter: emitter) {
        case .failure(let failure): return (.failed(.concurrency, capability, failure.description), nil)
        case .success(let started): child = started
        }
        guard child.descriptor.threadSafe else {
            child.stop()
            return (.skipped(.concurrency, capability, notThreadSafe), child.recorder.observations)
        }
        guard let entry = child.entry(capability) else {
            child.stop()
            return (.failed(.concurrency, capability, "the plugin declares \(capability) but the host has no entry for it after start"), nil)
        }
        let threads = request.options.threads
        let perThread = max(1, request.options.iterations / threads)
        let seed = request.options.seed
        emitter.stage("\(threads) threads × \(perThread) calls to \(capability) (seed \(seed))")
        let tally = hammer(child, entry, threads: threads, perThread: perThread, seed: seed, firstIndex: request.options.iterations)
        child.stop()
        return (.passed(.concurrency, capability, "\(threads) threads × \(perThread) calls (seed \(seed)): \(tally.description)"),
                child.recorder.observations)
    }

    /// Starts every thread, releases them together so their calls overlap, and waits for all.
    private static func hammer(_ child: ChildHost, _ entry: CapabilityEntry, threads: Int, perThread: Int,
                               seed: UInt64, firstIndex: Int) -> StatusTally {
        let host = child.host
        let wellFormed = WellFormedInput.for(entry.signature)
        let tallies = Mutex(StatusTally())
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for thread in 0..<threads {
            done.enter()
            Thread {
                go.wait()
                var tally = StatusTally()
                for call in 0..<perThread {
                    let body = call.isMultiple(of: 2) ? wellFormed
                        : FuzzCorpus.input(seed: seed, capability: entry.name, signature: entry.signature,
                                           index: firstIndex + thread * perThread + call).bytes
                    tally.add(host.call(entry, body: body, contentType: "application/json", caller: "conformance").status)
                }
                tallies.withLock { $0.merge(tally) }
                done.leave()
            }.start()
        }
        for _ in 0..<threads { go.signal() }
        done.wait()
        return tallies.withLock { $0 }
    }
}
