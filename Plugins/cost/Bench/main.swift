import AIPBenchSupport
import CostCore
import Foundation

/// cost-bench: ledger ingest rate and monthly report time over a million ledger rows.
///
///   swift build -c release --product cost-bench && .build/release/cost-bench [ROWS]
///
/// The workload: ROWS (default 1,000,000) `llm.usage` events spread over November 2026 from 20
/// projects, 200 users in 4 tenants and 12 models of OpenAI, Azure OpenAI, Anthropic and Gemini,
/// recorded through `CostEngine.ingest` in batches of 2,000 (the plugin's default `max_batch`) with
/// 20 monthly project budgets and anomaly detection on: validation, pricing, the ledger row, the
/// daily rollup, budget thresholds and spike checks all run. The report is the monthly report a
/// dashboard asks for: totals and spend by project, user, model, provider and day.
let rows = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let batchSize = 2_000
let directory = NSTemporaryDirectory() + "cost-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

let monthStart = Day(iso: "2026-11-01")!
let now = monthStart.advanced(by: 29).startMillis + 23 * 3_600_000
let engine = try CostEngine(path: directory + "/cost.sqlite")
for project in 0..<20 {
    try engine.setBudget(Budget(scope: .project, subject: "project-\(project)", period: .month, limit: Money(whole: 50_000),
                                softThresholds: [50, 80, 100], hard: true), nowMillis: now)
}
let models: [(provider: String, model: String)] = [
    ("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("openai", "gpt-4.1"), ("openai", "o4-mini"),
    ("azure", "gpt-4o"), ("azure", "gpt-4.1-mini"), ("anthropic", "claude-sonnet-4-5"), ("anthropic", "claude-haiku-4-5"),
    ("anthropic", "claude-opus-4-5"), ("gemini", "gemini-2.5-pro"), ("gemini", "gemini-2.5-flash"), ("gemini", "gemini-2.0-flash"),
]

/// A deterministic generator (xorshift), so every run records the same ledger.
struct Generator {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

var generator = Generator()
func event(_ index: Int, _ generator: inout Generator) -> UsageEvent {
    let user = generator.next(200)
    let (provider, model) = models[generator.next(models.count)]
    let input = 200 + generator.next(8_000)
    let millis = monthStart.startMillis + Int64(index) * (30 * 86_400_000 - 3_600_000) / Int64(rows)
    return UsageEvent(provider: provider, model: model, inputTokens: input, outputTokens: 50 + generator.next(1_500),
                      cachedInputTokens: generator.next(4) == 0 ? input / 2 : 0, latencyMs: 800,
                      project: "project-\(user % 20)", user: "user-\(user)", tenant: "tenant-\(user % 4)",
                      requestID: "req-\(index)", timestamp: String(millis))
}

let clock = ContinuousClock()
var ingestTime = Duration.zero
var ingestCPU = 0.0
var recorded = 0
var alerts = 0
var index = 0
while index < rows {
    let count = min(batchSize, rows - index)
    let batch = (index..<(index + count)).map { event($0, &generator) }
    let started = clock.now
    let cpuStarted = processCPUSeconds()
    let result = try engine.ingest(batch, nowMillis: now)
    ingestCPU += processCPUSeconds() - cpuStarted
    ingestTime += clock.now - started
    for outcome in result.outcomes { if case .recorded = outcome { recorded += 1 } }
    alerts += result.alerts.count
    index += count
}
guard recorded == rows else {
    FileHandle.standardError.write(Data("only \(recorded) of \(rows) events were recorded\n".utf8))
    exit(1)
}

// Replays: the same request ids again (idempotency check cost), 100,000 of them.
generator = Generator()
let replayCount = min(rows, 100_000)
var replayTime = Duration.zero
index = 0
while index < replayCount {
    let count = min(batchSize, replayCount - index)
    let batch = (index..<(index + count)).map { event($0, &generator) }
    let started = clock.now
    let result = try engine.ingest(batch, nowMillis: now)
    replayTime += clock.now - started
    if result.outcomes.contains(where: { $0 != .duplicate }) {
        FileHandle.standardError.write(Data("a replayed event was charged again\n".utf8))
        exit(1)
    }
    index += count
}

// The monthly report: totals plus one breakdown per dimension. Five runs; the median is reported.
var reportRuns: [Duration] = []
var reportCPU: [Double] = []
var monthTotal = Money.zero
var groups = 0
for _ in 0..<5 {
    let started = clock.now
    let cpuStarted = processCPUSeconds()
    var groupCount = 0
    for dimension in ReportDimension.allCases where dimension != .tenant {
        let report = try engine.report(ReportRequest(month: "2026-11", groupBy: [dimension]), nowMillis: now)
        groupCount += report.rows.count
        monthTotal = report.totals.first?.cost ?? .zero
    }
    reportRuns.append(clock.now - started)
    reportCPU.append(processCPUSeconds() - cpuStarted)
    groups = groupCount
}
reportRuns.sort()
reportCPU.sort()
let reportMedian = reportRuns[reportRuns.count / 2]

let ingestRate = Double(rows) / ingestTime.seconds
let replayRate = Double(replayCount) / replayTime.seconds
let reportMillis = reportMedian.seconds * 1000
let ingestCPURate = Double(rows) / ingestCPU
let reportCPUMillis = reportCPU[reportCPU.count / 2] * 1000
print("cost-bench: \(rows) ledger rows, batches of \(batchSize), 20 budgets, month total \(monthTotal.formatted(fractionDigits: 2)) USD")
print(String(format: "machine load average %.1f (2 cores shared); CPU time is the process's own work\n", loadAverage()))
printTable(header: ["measure", "wall clock", "per CPU second", "target"], rows: [
    ["ledger ingest (validate, price, record, rollups, budgets)", String(format: "%.0f events/s", ingestRate),
     String(format: "%.0f events/s", ingestCPURate), "≥ 50000 events/s"],
    ["replayed events (idempotent, not charged)", String(format: "%.0f events/s", replayRate), "", "-"],
    ["monthly report (totals + 5 breakdowns, \(groups) groups)", String(format: "%.1f ms", reportMillis),
     String(format: "%.1f ms CPU", reportCPUMillis), "≤ 200 ms"],
    ["budget alerts raised while ingesting", "\(alerts)", "", "-"],
])
// On a machine shared with other builds the wall clock measures the neighbours too; the CPU
// figures are the work itself. Both verdicts are printed; the exit status follows the CPU figures.
let wallPassed = ingestRate >= 50_000 && reportMillis <= 200
let cpuPassed = ingestCPURate >= 50_000 && reportCPUMillis <= 200
print("wall clock: " + (wallPassed ? "both targets met" : "TARGET MISSED") + "; per CPU second: "
      + (cpuPassed ? "both targets met" : "TARGET MISSED"))
exit(cpuPassed ? 0 : 1)
