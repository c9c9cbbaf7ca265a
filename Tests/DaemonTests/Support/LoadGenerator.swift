import AIPTestSupport
import Foundation

/// Keeps `clients` threads calling `request` until stopped, recording every failure: the tests
/// that say "no request fails" hold this to zero.
final class LoadGenerator: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var successes = 0
    private var failureLog: [String] = []
    private let finished = DispatchGroup()

    /// `request` returns nil on success or a description of what went wrong.
    init(clients: Int, request: @escaping @Sendable (Int) -> String?) {
        for client in 0..<clients {
            finished.enter()
            Thread.detachNewThread { [self] in
                while lock.withLock({ running }) {
                    let failure = request(client)
                    lock.withLock {
                        if let failure { failureLog.append(failure) } else { successes += 1 }
                    }
                }
                finished.leave()
            }
        }
    }

    /// Stops the clients and waits for their last request; returns (successes, failures).
    func stop() -> (successes: Int, failures: [String]) {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { (successes, failureLog) }
    }

    var successCount: Int { lock.withLock { successes } }

    /// Waits until at least `count` requests succeeded (so load is really flowing).
    func waitForSuccesses(_ count: Int, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if successCount >= count { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}
