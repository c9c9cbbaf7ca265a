import Foundation

/// Turns a stream of items (usage events, say) into batched writes on a thread of its own.
///
/// Writing each item alone would cost a transaction per item; callers `enqueue` and return at
/// once, and one writer thread hands everything waiting (up to `maxBatch`) to `write` in one go,
/// so under load batches grow by themselves. The queue is bounded: when `capacity` items wait,
/// `enqueue` blocks (back-pressure) rather than dropping anything.
///
/// A batch the store cannot take (disk full, size cap, locked or read-only file) is not dropped:
/// `write` answers `.retry`, the batch goes back to the head of the queue and is tried again with
/// pauses doubling from `firstRetryDelay` to `maxRetryDelay`, so items survive until the operator
/// frees space. Writes must therefore be idempotent.
///
/// With a `gatherWindow`, the writer woken by a first item waits that long for more before it
/// writes (unless `maxBatch` items are there, `flush` or `stop` is waiting): at a steady trickle
/// the batches would otherwise stay at one item each, and a transaction's fixed cost (commit,
/// page writes, per-batch queries, a thread wake-up) would be paid per item.
public final class BatchWriter<Item: Sendable>: @unchecked Sendable {
    /// An item with its number in this writer's sequence (1, 2, …).
    public typealias Numbered = (sequence: UInt64, item: Item)

    /// What `write` did with a batch.
    public enum Outcome: Sendable {
        /// Stored (or judged for good: items refused as malformed are not retried).
        case done
        /// Not stored; try again later.
        case retry
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [Numbered] = []
    /// The batch being written (or retried): not known to be stored until `write` returns.
    private var inFlight: [Numbered] = []
    private var enqueued: UInt64 = 0
    private var stored: UInt64 = 0
    private var stopping = false
    private var running = false
    private var failing = false
    /// Callers inside `flush`: the writer does not gather while someone waits.
    private var flushing = 0

    private let threadName: String
    private let maxBatch: Int
    private let capacity: Int
    private let firstRetryDelay: Double
    private let maxRetryDelay: Double
    private let gatherWindow: Double
    private let write: @Sendable ([Numbered]) -> Outcome
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - gatherWindow: seconds the writer waits for more items after the first (0: none).
    ///   - write: stores a batch; called on the writer thread only.
    public init(threadName: String, maxBatch: Int, capacity: Int, firstRetryDelay: Double = 0.1, maxRetryDelay: Double = 5,
                gatherWindow: Double = 0, write: @escaping @Sendable ([Numbered]) -> Outcome) {
        self.gatherWindow = max(0, gatherWindow)
        self.threadName = threadName
        self.maxBatch = max(1, maxBatch)
        self.capacity = max(1, capacity)
        self.firstRetryDelay = firstRetryDelay
        self.maxRetryDelay = maxRetryDelay
        self.write = write
    }

    public func start() {
        condition.lock()
        guard !running else {
            condition.unlock()
            return
        }
        stopping = false
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = threadName
        thread.start()
    }

    public func enqueue(_ item: Item) {
        condition.lock()
        while waiting.count >= capacity && !stopping { condition.wait() }
        enqueued += 1
        waiting.append((enqueued, item))
        // Only the writer waits for items: it needs waking for the first, and, while it
        // gathers, for a full batch.
        if waiting.count == 1 || waiting.count >= maxBatch { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until everything enqueued before this call is stored. Returns false without waiting
    /// further while the store is failing (the items stay queued) or when the writer is not running.
    @discardableResult
    public func flush() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let target = enqueued
        flushing += 1
        if gatherWindow > 0 { condition.broadcast() } // a gathering writer stops waiting for more
        while stored < target && running && !failing { condition.wait() }
        flushing -= 1
        return stored >= target
    }

    /// The items not known to be stored, numbered, oldest first. Constant time (the arrays are
    /// copied on write).
    public func unstored() -> [Numbered] {
        condition.lock()
        let queued = waiting
        let writing = inFlight
        condition.unlock()
        return writing + queued
    }

    /// Items waiting to be stored (including a batch being written or retried).
    public var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(enqueued - stored)
    }

    /// Stores what is waiting, then ends the writer thread. A store that still fails gets one
    /// last attempt; the number of items it refused then is returned (the caller logs them as lost).
    @discardableResult
    public func stop() -> Int {
        condition.lock()
        guard running else {
            condition.unlock()
            return 0
        }
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        condition.lock()
        defer { condition.unlock() }
        let lost = waiting.count
        waiting.removeAll()
        inFlight = []
        return lost
    }

    private func run() {
        var delay = firstRetryDelay
        while true {
            condition.lock()
            while waiting.isEmpty && !stopping { condition.wait() }
            if waiting.isEmpty {
                running = false
                condition.broadcast()
                condition.unlock()
                finished.signal()
                return
            }
            if gatherWindow > 0 {
                let deadline = Date(timeIntervalSinceNow: gatherWindow)
                while waiting.count < maxBatch && !stopping && flushing == 0 && condition.wait(until: deadline) {}
            }
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            inFlight = batch
            condition.broadcast()
            condition.unlock()

            let outcome = write(batch)

            condition.lock()
            inFlight = []
            switch outcome {
            case .done:
                stored += UInt64(batch.count)
                failing = false
                delay = firstRetryDelay
                condition.broadcast()
                condition.unlock()
            case .retry:
                waiting.insert(contentsOf: batch, at: 0)
                failing = true
                condition.broadcast()
                if stopping {
                    // One attempt after stop was asked for; what is still refused is lost.
                    running = false
                    condition.unlock()
                    finished.signal()
                    return
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: delay))
                delay = min(delay * 2, maxRetryDelay)
                condition.unlock()
            }
        }
    }
}
