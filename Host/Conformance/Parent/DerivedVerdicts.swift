/// The checks judged from what the child processes observed rather than run on their own.
enum DerivedVerdicts {
    /// Check 6: no single call of `capability` slower than the bound.
    static func latency(_ capability: String, ledger: ObservationLedger, boundMilliseconds: Int) -> CheckResult {
        guard let slowest = ledger.slowestCall(of: capability) else {
            return .skipped(.latency, capability, "no call finished: see the call and fuzz checks")
        }
        let time = Milliseconds.text(slowest.milliseconds)
        guard slowest.milliseconds <= Double(boundMilliseconds) else {
            return .failed(.latency, capability, "slowest call took \(time), over the \(boundMilliseconds) ms bound: \(slowest.input)")
        }
        let partial = ledger.fuzzFinished(for: capability) ? "" : "; only the calls made before the fuzz check stopped"
        return .passed(.latency, capability, "slowest call \(time) (bound \(boundMilliseconds) ms)\(partial)")
    }

    /// Check 7: every publish (and subscription) stayed within the declared patterns.
    static func events(ledger: ObservationLedger, summary: DescriptorSummary) -> CheckResult {
        let publishes = ledger.notes(.publish)
        let subscriptions = ledger.notes(.subscribe)
        let declared = summary.publishes.isEmpty ? "none" : summary.publishes.joined(separator: ", ")
        guard publishes.isEmpty && subscriptions.isEmpty else {
            var problems = publishes.map { "published to \($0.text), outside its publishes patterns (\(declared)); refused \(times($0.count))" }
            let subscribes = summary.subscribes.isEmpty ? "none" : summary.subscribes.joined(separator: ", ")
            problems += subscriptions.map { "subscribed to \($0.text), outside its subscribes patterns (\(subscribes)); refused \(times($0.count))" }
            return .failed(.events, nil, problems.joined(separator: "; "), details: problems)
        }
        if ledger.publishes == 0 { return .passed(.events, nil, "published nothing during the run") }
        return .passed(.events, nil, "\(ledger.publishes) publishes, all within its publishes patterns (\(declared))")
    }

    private static func times(_ count: Int) -> String {
        count == 1 ? "once" : "\(count) times"
    }
}
