import Foundation
import Synchronization

/// Runs work that may never return on a thread of its own and waits for it at most `timeout`.
///
/// A call into a plugin is a C call: nothing can cancel it. So on a time-out the thread is
/// abandoned — it stays blocked inside the plugin, finishes whenever the plugin returns (its result
/// is then dropped), or never — and the test gets an error instead of hanging forever.
enum Watchdog {
    static func run<T: Sendable>(_ operation: String, timeout: Duration,
                                 _ work: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let thread = Thread { outcome.finish(Result { try work() }) }
        thread.name = "PluginTestKit: \(operation)"
        thread.start()
        guard let result = outcome.wait(timeout: timeout) else {
            throw PluginTestError.timedOut(operation: operation, after: timeout)
        }
        return try result.get()
    }
}

/// The result of one watched operation, handed from its thread to the waiting test.
private final class Outcome<T: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<T, any Error>?>(nil)

    func finish(_ value: Result<T, any Error>) {
        result.withLock { $0 = value }
        done.signal()
    }

    /// Nil when the work has not finished within `timeout`.
    func wait(timeout: Duration) -> Result<T, any Error>? {
        guard done.wait(timeout: .now() + .nanoseconds(timeout.clampedNanoseconds)) == .success else { return nil }
        return result.withLock { $0 }
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to what `DispatchTimeInterval` accepts.
    var clampedNanoseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(Int.max / 1_000_000_000) - 1 else { return Int.max / 2 }
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
