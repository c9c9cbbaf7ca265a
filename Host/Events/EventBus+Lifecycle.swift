extension EventBus {
    /// Waits until every async queue is empty and its delivery thread is between batches. Returns false
    /// if that did not happen within `timeout`. From inside an async handler, the handler's own queue
    /// is only checked, not waited for (its thread is busy running the caller).
    public func drain(timeout: Duration) -> Bool {
        drain(until: .after(timeout))
    }

    func drain(until deadline: MonotonicDeadline) -> Bool {
        // A handler may publish into a queue already checked, so repeat until one pass waits for nothing.
        while true {
            let queues = state.withLock { $0.table.subscriptions.compactMap(\.queue) }
            var waited = false
            for queue in queues {
                switch queue.waitUntilIdle(deadline: deadline) {
                case .wasIdle: continue
                case .becameIdle: waited = true
                case .timedOut: return false
                }
            }
            if !waited { return true }
        }
    }

    /// Refuses further publishes (counted as dropped), delivers what is already queued, then stops every
    /// delivery thread, counting whatever is still queued as dropped. All of that within `drainTimeout`:
    /// a handler that never returns cannot hang the host (its thread is then abandoned, not killed).
    /// Sync handlers already running are not waited for. Idempotent.
    public func shutdown(drainTimeout: Duration = .seconds(5)) {
        let wasOpen = state.withLock { state in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard wasOpen else { return }
        let deadline = MonotonicDeadline.after(drainTimeout)
        _ = drain(until: deadline)
        for subscription in state.withLock({ $0.table.subscriptions }) {
            guard let queue = subscription.queue else { continue }
            subscription.recordDrops(queue.stop(.shutDown, wait: .until(deadline)))
        }
    }
}
