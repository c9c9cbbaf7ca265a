/// Everything the bus lock guards.
struct BusState {
    var table = RouteTable()
    /// The last sequence number handed out; also the number of events admitted.
    var lastSequence: UInt64 = 0
    var isShutDown = false

    /// What one publish needs from inside the lock.
    struct Admission {
        let targets: ContiguousArray<Subscription>
        /// 0 when the bus is shut down and the event was refused.
        let sequence: UInt64
        var isAdmitted: Bool { sequence != 0 }
    }

    @inline(__always)
    mutating func admit(_ topic: String) -> Admission {
        let targets = table.targets(of: topic)
        guard !isShutDown else { return Admission(targets: targets, sequence: 0) }
        lastSequence += 1
        return Admission(targets: targets, sequence: lastSequence)
    }
}
