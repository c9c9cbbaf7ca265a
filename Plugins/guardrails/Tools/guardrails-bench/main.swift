import AIPBenchSupport
import Foundation
import GuardrailsCore

// guardrails-bench [--export DIR]: latency of every rule on a 1 KB prompt and a 1 KB JSON
// response (p50/p99), and sensitive-word throughput with 10,000 terms over a 10 MB mixed
// Chinese/English corpus. Run it as `swift run -c release guardrails-bench`.
// --export DIR also writes DIR/terms.txt and DIR/corpus.txt (what
// Plugins/guardrails/Bench/compare-python.sh feeds pyahocorasick and hyperscan) and prints a
// final `swift_mb_per_s=` line for that script.

#if DEBUG
print("warning: this is a debug build; run `swift run -c release guardrails-bench` for meaningful figures\n")
#endif

let arguments = CommandLine.arguments
let exportDirectory = arguments.firstIndex(of: "--export").map { arguments[$0 + 1] }
// --profile prompt|corpus: run one workload for a few seconds and print nothing else, for
// `perf record`; --checks N: exactly N checks of the prompt instead, for
// `valgrind --tool=callgrind` (instruction counts do not depend on the machine's load).
let profileWorkload = arguments.firstIndex(of: "--profile").map { arguments[$0 + 1] }
// --passes N: with --profile corpus, N scans of the corpus instead of 20 (one for callgrind).
let profilePasses = arguments.firstIndex(of: "--passes").flatMap { Int(arguments[$0 + 1]) } ?? 20
// --corpus-only: just the sensitive-word throughput rows.
let corpusOnly = arguments.contains("--corpus-only")

// Every rule, JSON included, on both stages.
let allRules = #"""
{"input": {"sensitive_words": {"action": "block"}, "pii": {"action": "redact"}, "toxicity": {"action": "block"},
           "json": {"action": "warn", "schema": {"type": "object", "required": ["answer"], "properties": {"answer": {"type": "string"}, "sources": {"type": "array", "items": {"type": "string"}}}}},
           "length": {"action": "block", "max_chars": 8000}, "topics": {"action": "block"}, "jailbreak": {"action": "block"},
           "code_safety": {"action": "warn"}}}
"""#
let config = #"{"sensitive_words": {"terms": ["代开发票", "fake diploma", "赌博网站"]}, "policies": {"all": "# + allRules
    .replacingOccurrences(of: #""input""#, with: #""input""#) + "}}"
let outputConfig = config.replacingOccurrences(of: #"{"input":"#, with: #"{"output":"#)
let engine = GuardrailsEngine(settings: try GuardrailsSettings.load(configText: config, dataDirectory: nil))
let outputEngine = GuardrailsEngine(settings: try GuardrailsSettings.load(configText: outputConfig, dataDirectory: nil))

/// A realistic 1 KB prompt: English and Chinese, an e-mail address, a phone number, a code snippet.
let prompt: String = {
    let base = """
    Hi, I'm preparing a report for our quarterly review. Could you summarise the attached notes and suggest three \
    improvements for the onboarding flow? Please reply to maria.lopez@example.com when done, or call me on +44 20 7946 0958. \
    我们团队下周要在上海开会，请帮我把会议纪要整理成中文要点，重点包括预算、时间表和负责人。另外，请检查下面这段代码有没有问题：
    ```python
    def load_users(path):
        with open(path) as handle:
            return [line.strip().split(",") for line in handle if line.strip()]
    ```
    The data comes from our CRM export and has about 2,000 rows. Keep the tone friendly and concise, and avoid jargon \
    where possible. 最后，请给出一个简短的英文版本，方便海外同事阅读。Thanks a lot for your help with this!
    """
    var text = base
    while text.utf8.count < 1024 { text += " Thanks again." }
    return String(decoding: Array(text.utf8.prefix(1024)), as: UTF8.self)
}()

let response: String = {
    var sources: [String] = []
    var text = ""
    repeat {
        sources.append("https://docs.example.com/guide/section-\(sources.count)")
        text = #"{"answer": "The onboarding flow can be shortened by merging the two profile steps, sending the welcome e-mail after the first login, and moving optional settings to a later screen. 入职流程可以合并两个资料步骤。", "sources": ["# + sources.map { "\"\($0)\"" }.joined(separator: ", ") + "]}"
    } while text.utf8.count < 1000
    return text
}()

if let checks = arguments.firstIndex(of: "--checks").flatMap({ Int(arguments[$0 + 1]) }) {
    for _ in 0..<checks { blackHole(try engine.check(CheckRequest(text: prompt, stage: .input, policy: "all"))) }
    exit(0)
}
if profileWorkload == "prompt" {
    let until = nanoseconds() + 5_000_000_000
    while nanoseconds() < until {
        for _ in 0..<1000 { blackHole(try engine.check(CheckRequest(text: prompt, stage: .input, policy: "all"))) }
    }
    exit(0)
}

/// benchmark, result, target, met.
var rows: [[String]] = []
let loadBefore = loadAverage()
if profileWorkload == nil, !corpusOnly {
let promptLatency = try Latency.measure(20_000) {
    blackHole(try engine.check(CheckRequest(text: prompt, stage: .input, policy: "all")))
}
rows.append(["all 8 rules, 1 KB prompt (\(prompt.utf8.count) B), p50", promptLatency.median, "≤ 20 µs",
             verdict(promptLatency.wall.p50 <= 20_000)])
rows.append(["all 8 rules, 1 KB prompt, p99", promptLatency.tail, "-", verdict(nil)])
let responseLatency = try Latency.measure(20_000) {
    blackHole(try outputEngine.check(CheckRequest(text: response, stage: .output, policy: "all")))
}
rows.append(["all 8 rules, 1 KB JSON response (\(response.utf8.count) B), p50", responseLatency.median, "-", verdict(nil)])
rows.append(["all 8 rules, 1 KB JSON response, p99", responseLatency.tail, "-", verdict(nil)])

// Each rule alone on the same prompt, to show where the time goes.
for rule in RuleID.allCases {
    let single = #"{"sensitive_words": {"terms": ["代开发票", "fake diploma", "赌博网站"]}, "policies": {"one": {"input": {""#
        + rule.rawValue + #"": "# + (rule == .length ? #"{"action": "block", "max_chars": 8000}"#
        : rule == .json ? #"{"action": "warn", "schema": {"type": "object"}}"# : #"{"action": "warn"}"#) + "}}}}"
    let ruleEngine = GuardrailsEngine(settings: try GuardrailsSettings.load(configText: single, dataDirectory: nil))
    let latency = try Latency.measure(5_000) {
        blackHole(try ruleEngine.check(CheckRequest(text: prompt, stage: .input, policy: "one")))
    }
    rows.append(["  \(rule.rawValue) alone, 1 KB prompt, p50", latency.median, "-", verdict(nil)])
}
}

// Sensitive words: 10,000 terms, 10 MB corpus.
var generator = SyntheticCorpus(seed: 20_261_126)
let terms = generator.terms(10_000)
let corpus = generator.corpus(bytes: 10 << 20, terms: terms)
if profileWorkload == "corpus" {
    let profiled = Lexicon(terms.map { LexiconEntry(text: $0, role: .sensitive, category: "bench", weight: 1, origin: "bench") })
    for _ in 0..<profilePasses { blackHole(corpus.withUnsafeBufferPointer { profiled.count(in: $0) }) }
    exit(0)
}
let buildStart = nanoseconds()
let lexicon = Lexicon(terms.map { LexiconEntry(text: $0, role: .sensitive, category: "bench", weight: 1, origin: "bench") })
let buildMillis = Double(nanoseconds() - buildStart) / 1e6
var matches = 0
var best = Double.infinity
var bestCPU = Double.infinity
// The best of several passes: the figure the scan reaches when neighbours leave it a core.
for _ in 0..<7 {
    let start = nanoseconds()
    let cpuStart = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
    matches = corpus.withUnsafeBufferPointer { lexicon.count(in: $0) }
    bestCPU = min(bestCPU, Double(nanoseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart) / 1e9)
    best = min(best, Double(nanoseconds() - start) / 1e9)
}
let megabytesPerSecond = Double(corpus.count) / 1e6 / best
let megabytesPerCPUSecond = Double(corpus.count) / 1e6 / bestCPU
rows.append(["sensitive words: 10,000 terms, 10 MB zh/en corpus",
             String(format: "%.0f MB/s (CPU %.0f MB/s)", megabytesPerSecond, megabytesPerCPUSecond), "≥ 300 MB/s",
             verdict(megabytesPerSecond >= 300)])
rows.append(["  automaton: states, table memory, build time",
             "\(lexicon.stateCount) states, \(lexicon.memoryFootprint >> 20) MiB, \(Int(buildMillis)) ms", "-", verdict(nil)])
rows.append(["  matches found (folded, word-bounded)", "\(matches)", "-", verdict(nil)])
printTable(header: ["benchmark", "result", "target", "met"], rows: rows)
print(String(format: "load average %.1f before, %.1f after", loadBefore, loadAverage()))

if let exportDirectory {
    try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
    try terms.joined(separator: "\n").appending("\n").write(toFile: exportDirectory + "/terms.txt", atomically: true, encoding: .utf8)
    try Data(corpus).write(to: URL(fileURLWithPath: exportDirectory + "/corpus.txt"))
    print("swift_mb_per_s=\(String(format: "%.1f", megabytesPerSecond))")
    print("swift_matches=\(matches)")
}
