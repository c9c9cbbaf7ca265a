import Foundation

/// Where the reader thread leaves the answer to one call for the thread waiting on it.
final class CallSlot: @unchecked Sendable {
    enum Outcome {
        case frame(RunnerFrame)
        case failed(Int32, String)
        case timedOut
    }

    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var outcome: Outcome?

    /// Only the first completion counts.
    func complete(_ outcome: Outcome) {
        lock.lock()
        guard self.outcome == nil else { return lock.unlock() }
        self.outcome = outcome
        lock.unlock()
        semaphore.signal()
    }

    func wait(timeout: Duration?) -> Outcome {
        if let timeout {
            let nanos = Int(timeout.components.seconds) * 1_000_000_000 + Int(timeout.components.attoseconds / 1_000_000_000)
            if semaphore.wait(timeout: .now() + .nanoseconds(nanos)) == .timedOut { return .timedOut }
        } else {
            semaphore.wait()
        }
        lock.lock()
        defer { lock.unlock() }
        return outcome ?? .failed(5, "no answer")
    }
}
