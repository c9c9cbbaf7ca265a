import Foundation

/// Latency percentiles of one operation, each call timed on its own after a warm-up.
public struct Percentiles: Sendable {
    /// Nanoseconds.
    public let p50: Double
    public let p99: Double
    public let count: Int

    /// `clock` as for `nanoseconds(_:)`: CLOCK_THREAD_CPUTIME_ID leaves out the time the thread
    /// waited for a core on a loaded machine.
    public static func measure(_ iterations: Int, warmUp: Int? = nil, clock: clockid_t = CLOCK_MONOTONIC,
                               _ body: (Int) throws -> Void) rethrows -> Percentiles {
        precondition(iterations > 0, "a measurement needs at least one iteration")
        for index in 0..<(warmUp ?? max(iterations / 10, 1)) { try body(index) }
        var samples = [UInt64](repeating: 0, count: iterations)
        for index in 0..<iterations {
            let start = nanoseconds(clock)
            try body(index)
            samples[index] = nanoseconds(clock) - start
        }
        samples.sort()
        return Percentiles(p50: Double(samples[iterations / 2]), p99: Double(samples[min(iterations - 1, iterations * 99 / 100)]),
                           count: iterations)
    }
}

/// Runs `body` (which performs `iterations` operations) `rounds` times after a warm-up and
/// returns the median nanoseconds per operation: the median resists a noisy neighbour better
/// than the mean, and each round is long enough to swamp the timer's own cost.
public func nanosecondsPerOperation(iterations: Int, rounds: Int = 7, _ body: (Int) -> Void) -> Double {
    body(max(iterations / 10, 1))
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = nanoseconds()
        body(iterations)
        samples.append(Double(nanoseconds() - start) / Double(iterations))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Median wall-clock seconds of `rounds` runs after one warm-up run.
public func medianSeconds(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        try body()
        samples.append((ContinuousClock.now - start).seconds)
    }
    return samples.sorted()[samples.count / 2]
}
