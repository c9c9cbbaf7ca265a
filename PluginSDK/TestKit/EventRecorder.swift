import Foundation

/// Keeps every captured event and wakes tests waiting for one. Events arrive on whichever thread
/// published them (the capture subscription is synchronous, so an event is recorded before the
/// plugin's `publish` returns, and so before the call that caused it returns to the test).
final class EventRecorder: @unchecked Sendable {
    // `events` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var events: [CapturedEvent] = []

    func record(_ event: CapturedEvent) {
        condition.lock()
        events.append(event)
        condition.broadcast()
        condition.unlock()
    }

    /// Every event so far, in publish order.
    func snapshot() -> [CapturedEvent] {
        condition.lock()
        defer { condition.unlock() }
        return events.sorted { $0.sequence < $1.sequence }
    }

    func clear() {
        condition.lock()
        events.removeAll()
        condition.unlock()
    }

    /// Waits until `isSatisfied` holds for the events so far (in publish order) and returns them,
    /// or returns nil once `timeout` has passed.
    func wait(timeout: Duration, until isSatisfied: ([CapturedEvent]) -> Bool) -> [CapturedEvent]? {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.clampedNanoseconds) / 1e9)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let ordered = events.sorted { $0.sequence < $1.sequence }
            if isSatisfied(ordered) { return ordered }
            guard condition.wait(until: deadline) else {
                let last = events.sorted { $0.sequence < $1.sequence }
                return isSatisfied(last) ? last : nil
            }
        }
    }
}
