#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exponential backoff with jitter: base, 2×base, 4×base … capped, each scaled by a random factor
/// in [0.5, 1] so clients that failed together do not retry together.
struct Backoff {
    let base: Duration
    let cap: Duration

    /// The wait after the `failure`-th failed attempt (1-based). A server's Retry-After is honoured
    /// up to the cap.
    func delay(afterFailure failure: Int, retryAfter: Duration? = nil,
               jitter: Double = Double.random(in: 0.5...1)) -> Duration {
        let exponent = min(max(failure - 1, 0), 30)
        let grown = base * (1 << exponent)
        let scaled = min(grown, cap) * jitter
        guard let retryAfter else { return scaled }
        return max(scaled, min(retryAfter, cap))
    }
}

/// Sleeps the calling thread; the fetch API is synchronous by design (callers run it on their own
/// thread, and libcurl's easy interface blocks anyway).
func pauseThread(for duration: Duration) {
    guard duration > .zero else { return }
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR {
        request = remaining
    }
}
