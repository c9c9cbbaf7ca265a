import AIPBenchSupport
import AIPConfig
import Foundation

// json-bench: what the shared JSON layer costs on the gateway's documents. Run it with
// `swift run -c release json-bench`. Times are thread CPU time (the machine is shared), the
// median of several rounds of many documents each.

#if DEBUG
print("warning: this is a debug build; run `swift run -c release json-bench` for meaningful figures\n")
#endif

/// Median CPU nanoseconds per call of `body` over `rounds` rounds of `iterations` calls.
func nanosecondsPerCall(iterations: Int, rounds: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<max(iterations / 10, 1) { try body() }
    var perCall: [Double] = []
    for _ in 0..<rounds {
        let start = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        for _ in 0..<iterations { try body() }
        perCall.append(Double(nanoseconds(CLOCK_THREAD_CPUTIME_ID) - start) / Double(iterations))
    }
    return perCall.sorted()[rounds / 2]
}

func cells(_ nanoseconds: Double, bytes: Int) -> [String] {
    [String(format: "%.2f", nanoseconds / 1000), String(format: "%.0f", Double(bytes) / nanoseconds * 1000)]
}

var rows: [[String]] = []
for (name, value) in Payloads.all {
    let text = value.serialized(sortedKeys: false)
    let bytes = text.utf8.count
    guard (try? JSONParser.parse(text)) == value else { throw BenchFailure("\(name): the parse of the serialised text differs") }
    let iterations = max(2_000_000 / bytes, 20)
    let parse = try nanosecondsPerCall(iterations: iterations) { blackHole(try JSONParser.parse(text)) }
    let compact = nanosecondsPerCall(iterations: iterations) { blackHole(value.serialized(sortedKeys: false)) }
    let sorted = nanosecondsPerCall(iterations: iterations) { blackHole(value.serialized()) }
    let pretty = nanosecondsPerCall(iterations: iterations) { blackHole(value.serialized(pretty: true)) }
    rows.append([name, String(bytes)] + cells(parse, bytes: bytes) + cells(compact, bytes: bytes)
                + cells(sorted, bytes: bytes) + cells(pretty, bytes: bytes))
}
print("JSON layer (AIPConfig), thread CPU time, median of 7 rounds; load average \(String(format: "%.1f", loadAverage()))\n")
printTable(header: ["document", "bytes", "parse µs", "parse MB/s", "serialize µs", "serialize MB/s",
                    "sorted keys µs", "sorted keys MB/s", "pretty µs", "pretty MB/s"],
           rows: rows)
