import AIPLocking

/// Requests and tokens per minute, per key (a virtual key, a model, a deployment), over a sliding
/// window of sixty one-second buckets.
public final class RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        case limited(reason: String, retryAfterSeconds: Int)
    }

    struct Window {
        var seconds = [Int64](repeating: -1, count: 60)
        var requests = [Int](repeating: 0, count: 60)
        var tokens = [Int](repeating: 0, count: 60)

        func totals(now: Int64) -> (requests: Int, tokens: Int, oldest: Int64?) {
            var requestSum = 0, tokenSum = 0
            var oldest: Int64?
            for slot in 0..<60 where seconds[slot] > now - 60 {
                requestSum += requests[slot]
                tokenSum += tokens[slot]
                oldest = min(oldest ?? seconds[slot], seconds[slot])
            }
            return (requestSum, tokenSum, oldest)
        }

        mutating func add(requests count: Int, tokens used: Int, now: Int64) {
            let slot = Int(now % 60)
            if seconds[slot] != now {
                seconds[slot] = now
                requests[slot] = 0
                tokens[slot] = 0
            }
            requests[slot] += count
            tokens[slot] += used
        }
    }

    private let windows = Locked<[String: Window]>([:])

    public init() {}

    /// Counts the request (and its estimated tokens) when it fits under both limits.
    public func admit(key: String, rpm: Int?, tpm: Int?, tokens: Int, now: Int64) -> Decision {
        guard rpm != nil || tpm != nil else { return .allowed }
        return windows.withLock { all in
            var window = all[key] ?? Window()
            let totals = window.totals(now: now)
            let retry = Int(max(1, (totals.oldest ?? now) + 60 - now))
            if let rpm, totals.requests + 1 > rpm {
                return .limited(reason: "\(key) is limited to \(rpm) requests per minute", retryAfterSeconds: retry)
            }
            if let tpm, totals.tokens + tokens > tpm, totals.requests > 0 {
                return .limited(reason: "\(key) is limited to \(tpm) tokens per minute (\(totals.tokens) used)", retryAfterSeconds: retry)
            }
            window.add(requests: 1, tokens: tokens, now: now)
            all[key] = window
            return .allowed
        }
    }

    /// Corrects the estimate once the real token count is known (`delta` may be negative).
    public func adjustTokens(key: String, delta: Int, now: Int64) {
        windows.withLock { all in
            guard var window = all[key] else { return }
            window.add(requests: 0, tokens: delta, now: now)
            all[key] = window
        }
    }

    public func usage(key: String, now: Int64) -> (requests: Int, tokens: Int) {
        let totals = windows.withLock { $0[key]?.totals(now: now) }
        return (totals?.requests ?? 0, totals?.tokens ?? 0)
    }
}
