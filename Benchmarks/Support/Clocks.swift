import Foundation

/// Nanoseconds on `clock`: CLOCK_MONOTONIC for wall time, CLOCK_THREAD_CPUTIME_ID or
/// CLOCK_PROCESS_CPUTIME_ID for the work itself (on a shared machine, wall time also measures
/// the neighbours).
@inline(__always) public func nanoseconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> UInt64 {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// CPU seconds of the whole process (all threads).
public func processCPUSeconds() -> Double {
    Double(nanoseconds(CLOCK_PROCESS_CPUTIME_ID)) / 1e9
}

extension Duration {
    /// The duration in seconds, as a floating-point figure for a table.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Keeps a value alive and opaque to the optimiser, so that the work producing it is measured.
@inline(never) public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// The one-minute load average, printed beside figures taken on a shared machine.
public func loadAverage() -> Double {
    var load = [0.0, 0.0, 0.0]
    return getloadavg(&load, 3) > 0 ? load[0] : 0
}
