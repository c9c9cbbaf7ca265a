import AIPBenchSupport
import Foundation
import PromptCore

// prompt-bench: the prompt registry's figures. Build and run in release:
//   swift build -c release --product prompt-bench && swift build -c release --product PromptPlugin
//   $(swift build -c release --show-bin-path)/prompt-bench
// The capability row needs libPromptPlugin.so next to the executable (the second build).
// `prompt-bench render` runs only the rendering rows (for profiling).

#if DEBUG
print("warning: this is a debug build; build with -c release for meaningful figures\n")
#endif

let work = NSTemporaryDirectory() + "prompt-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

let renderOnly = CommandLine.arguments.dropFirst().first == "render"
let registry = try PromptRegistry(path: work + "/prompts.sqlite")
var rows: [Row] = []
print("chat template: \(BenchTemplate.templateBytes) bytes in 2 messages, 9 variables\n")

// 1. Rendering: the hot path. Compiled templates are cached per version; an alias resolution is
// cached until the file's data version changes.
try registry.create(name: "support", firstVersion: NewVersion(content: BenchTemplate.content))
try registry.createVersion(name: "support", NewVersion(content: BenchTemplate.content, commitMessage: "same text, second version"))
try registry.setAlias(name: "support", alias: "production", variants: [AliasVariant(version: 1)])
try registry.setAlias(name: "support", alias: "canary", variants: [AliasVariant(version: 1, weight: 90), AliasVariant(version: 2, weight: 10)])
let variables = BenchTemplate.variables
let byVersion = try Percentiles.measure(200_000) { _ in blackHole(try registry.render(name: "support", .version(1), variables: variables)) }
rows.append(Row("render 2 KB chat template, by version (core)", byVersion, target: "p50 ≤ 5 µs", limit: 5000))
let byAlias = try Percentiles.measure(200_000) { _ in blackHole(try registry.render(name: "support", .alias("production"), variables: variables)) }
rows.append(Row("render 2 KB chat template, by alias (core)", byAlias, target: "p50 ≤ 5 µs", limit: 5000))
let keys = (0..<1024).map { "user-\($0)" }
let bySplit = try Percentiles.measure(200_000) { index in
    blackHole(try registry.render(name: "support", .alias("canary"), variables: variables, key: keys[index & 1023]))
}
rows.append(Row("render 2 KB chat template, A/B alias + key (core)", bySplit, target: "p50 ≤ 5 µs", limit: 5000))
let asJSON = try Percentiles.measure(200_000) { _ in blackHole(try registry.renderJSON(name: "support", .version(1), variables: variables)) }
rows.append(Row("render 2 KB chat template as reply JSON (core)", asJSON, target: "p50 ≤ 5 µs", limit: 5000))
let compile = try Percentiles.measure(20_000) { _ in
    blackHole(try CompiledPrompt(name: "support", version: 1, content: BenchTemplate.content))
}
rows.append(Row("compile 2 KB chat template (once per version)", compile))

let library = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    .deletingLastPathComponent().appendingPathComponent("libPromptPlugin.so").path
if FileManager.default.fileExists(atPath: library) {
    let bench = try CapabilityBench(library: library, dataRoot: work + "/host")
    let create = try String(decoding: JSONEncoder().encode(CreateBody(content: BenchTemplate.content)), as: UTF8.self)
    try bench.call("prompt.create", create)
    try bench.call("prompt.alias.set", #"{"name": "support", "alias": "production", "version": 1}"#)
    let variablesJSON = String(decoding: try JSONEncoder().encode(variables), as: UTF8.self)
    let viaHandle = try bench.render(#"{"name": "support", "version": 1, "variables": \#(variablesJSON)}"#, iterations: 100_000)
    rows.append(Row("prompt.render capability, by version (JSON via ABI)", viaHandle, target: "p50 ≤ 5 µs", limit: 5000))
    let viaAlias = try bench.render(#"{"name": "support", "alias": "production", "variables": \#(variablesJSON)}"#, iterations: 100_000)
    rows.append(Row("prompt.render capability, by alias (JSON via ABI)", viaAlias, target: "p50 ≤ 5 µs", limit: 5000))
    bench.host.stopAll()
} else {
    print("note: \(library) not found; build it with `swift build -c release --product PromptPlugin` for the capability rows\n")
}

if renderOnly {
    printTable(rows)
    exit(0)
}

// 2. Registry writes and reads on SQLite (WAL, synchronous=NORMAL).
let versions = try Percentiles.measure(2_000, warmUp: 50) { index in
    try registry.createVersion(name: "support", NewVersion(content: BenchTemplate.content, commitMessage: "edit \(index)"))
}
rows.append(Row("create version (one transaction)", versions))
let moves = try Percentiles.measure(2_000, warmUp: 50) { index in
    try registry.setAlias(name: "support", alias: "staging", variants: [AliasVariant(version: index % 50 + 1)])
}
rows.append(Row("move alias (recorded)", moves))
let usage = try Percentiles.measure(5_000, warmUp: 100) { index in
    try registry.recordUsage(LLMUsageEvent(provider: "openai", model: "gpt-4o-mini", inputTokens: 900, outputTokens: 120, cachedInputTokens: 0,
                                           costUsd: "0.000207", latencyMs: 640, requestId: "r\(index)",
                                           prompt: LLMUsageEvent.PromptReference(name: "support", version: 1)))
}
rows.append(Row("record llm.usage event (one transaction)", usage))
// What the plugin's stats queue does under load: one transaction for a batch of events.
let batched = try Percentiles.measure(200, warmUp: 10) { index in
    blackHole(try registry.recordUsage(batch: (0..<100).map { event in
        LLMUsageEvent(provider: "openai", model: "gpt-4o-mini", inputTokens: 900, outputTokens: 120, cachedInputTokens: 0,
                      costUsd: "0.000207", latencyMs: 640, requestId: "b\(index)-\(event)",
                      prompt: LLMUsageEvent.PromptReference(name: "support", version: 1))
    }))
}
rows.append(Row("record 100 llm.usage events (one batch)", batched, unit: .milliseconds))
let reads = try Percentiles.measure(5_000) { index in blackHole(try registry.version(name: "support", .version(index % 50 + 1))) }
rows.append(Row("get version (read)", reads))

for index in 0..<1000 {
    try registry.create(name: "prompt-\(index)", description: "prompt number \(index)", tags: ["team": index % 2 == 0 ? "a" : "b"],
                        firstVersion: NewVersion(content: VersionContent(template: .text("Template \(index) about topic \(index % 37): {{input}}"))))
}
let search = try Percentiles.measure(200, warmUp: 10) { _ in blackHole(try registry.search("topic 12", limit: 50)) }
rows.append(Row("search 1,000 prompts (substring)", search, unit: .milliseconds))
let list = try Percentiles.measure(200, warmUp: 10) { _ in blackHole(try registry.list(tags: ["team": "a"], limit: 100)) }
rows.append(Row("list 100 of 1,000 prompts by tag", list, unit: .milliseconds))
let export = try Percentiles.measure(10, warmUp: 1) { _ in blackHole(try registry.export()) }
rows.append(Row("export 1,001 prompts with history", export, unit: .milliseconds))

printTable(rows)
try registry.close()

/// `prompt.create`'s body for the bench template.
struct CreateBody: Encodable {
    let content: VersionContent

    enum CodingKeys: String, CodingKey { case name, template, variables, modelParameters = "model_parameters" }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("support", forKey: .name)
        try container.encode(content.template, forKey: .template)
        try container.encode(content.variables, forKey: .variables)
        try container.encode(content.modelParameters, forKey: .modelParameters)
    }
}
