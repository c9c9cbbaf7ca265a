#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock (the clock `PosixCondition` waits on).
struct MonotonicDeadline: Sendable {
    let nanoseconds: Int64

    static func after(_ duration: Duration) -> MonotonicDeadline {
        guard duration > .zero else { return MonotonicDeadline(nanoseconds: now()) }
        let (seconds, attoseconds) = duration.components
        // Saturate: `.seconds(Int64.max)` means "practically forever", not an overflow trap.
        let (wholeNanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let span = overflow ? Int64.max / 2 : min(wholeNanos + attoseconds / 1_000_000_000, Int64.max / 2)
        return MonotonicDeadline(nanoseconds: now() &+ span)
    }

    var timespecValue: timespec {
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }

    private static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

enum WallClock {
    /// Nanoseconds since the Unix epoch; clock_gettime is a vDSO call, far cheaper than Foundation's Date.
    static func nanosecondsSinceEpoch() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
