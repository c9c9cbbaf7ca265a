import AIPBenchSupport
import Foundation

/// p50 and p99 of one check, by the wall clock and by the thread's CPU time: on a shared
/// machine the CPU time leaves out the time the thread spent waiting for a core.
struct Latency {
    let wall: Percentiles
    let cpu: Percentiles

    static func measure(_ iterations: Int, _ body: () throws -> Void) rethrows -> Latency {
        Latency(wall: try Percentiles.measure(iterations) { _ in try body() },
                cpu: try Percentiles.measure(iterations, clock: CLOCK_THREAD_CPUTIME_ID) { _ in try body() })
    }

    var median: String { String(format: "%.1f µs (CPU %.1f µs)", wall.p50 / 1000, cpu.p50 / 1000) }
    var tail: String { String(format: "%.1f µs (CPU %.1f µs)", wall.p99 / 1000, cpu.p99 / 1000) }
}
