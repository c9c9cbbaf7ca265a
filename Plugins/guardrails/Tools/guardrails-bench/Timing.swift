#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// CPU time of the calling thread: on a shared machine it leaves out the time the thread spent
/// waiting for a core, which wall-clock figures include.
@inline(__always) func threadCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

struct Latency {
    var p50: Double
    var p99: Double
    var cpuP50: Double
    var cpuP99: Double

    var text: String { String(format: "%.1f µs (CPU %.1f µs)", p50, cpuP50) }
    var tailText: String { String(format: "%.1f µs (CPU %.1f µs)", p99, cpuP99) }
}

/// p50 and p99 of `iterations` timed calls of `body`, in microseconds, wall clock and thread CPU
/// time, after a warm-up.
func latencyPercentiles(iterations: Int, _ body: () throws -> Void) rethrows -> Latency {
    for _ in 0..<(iterations / 10) { try body() }
    var wall: [UInt64] = []
    var cpu: [UInt64] = []
    wall.reserveCapacity(iterations)
    cpu.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = monotonicNanoseconds()
        let cpuStart = threadCPUNanoseconds()
        try body()
        cpu.append(threadCPUNanoseconds() - cpuStart)
        wall.append(monotonicNanoseconds() - start)
    }
    wall.sort()
    cpu.sort()
    func micros(_ samples: [UInt64], _ fraction: Double) -> Double {
        Double(samples[min(samples.count - 1, Int(Double(samples.count) * fraction))]) / 1000
    }
    return Latency(p50: micros(wall, 0.5), p99: micros(wall, 0.99), cpuP50: micros(cpu, 0.5), cpuP99: micros(cpu, 0.99))
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

struct Row {
    let name: String
    let value: String
    let target: String
    let met: Bool?
}

func printTable(_ rows: [Row]) {
    let header = ["benchmark", "result", "target", "met"]
    let cells = rows.map { [$0.name, $0.value, $0.target, $0.met.map { $0 ? "yes" : "NO" } ?? "-"] }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        "| " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(header))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in cells { print(line(row)) }
}
