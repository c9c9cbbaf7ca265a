/// Dangerous code in prompts and responses, fenced or not: destructive shell commands, download
/// piped into a shell, SQL injection shapes, evaluation of untrusted input, unsafe
/// deserialisation, and secrets written into code.
struct CodeSafetyDetector {
    let lexicon: Lexicon

    func detect(_ text: UnsafeBufferPointer<UInt8>, secrets: [RawFinding]) -> [RawFinding] {
        let hits = lexicon.hits(in: text, limit: 1024)
        // Most texts have neither: no need to find their code fences.
        guard !hits.isEmpty || !secrets.isEmpty else { return [] }
        let fences = CodeFences(text)
        var findings: [RawFinding] = []
        var parts: [String: [LexiconHit]] = [:]
        for hit in hits {
            let entry = lexicon.entries[Int(hit.entry)]
            if entry.category.hasPrefix("part:") {
                parts[String(entry.category.dropFirst(5)), default: []].append(hit)
            } else {
                findings.append(RawFinding(rule: .codeSafety, category: entry.category, start: hit.start, end: hit.end,
                                           score: entry.weight, reason: Self.reasons[entry.category, default: entry.category]
                                               + fences.location(hit.start)))
            }
        }
        func sameLine(_ first: LexiconHit, _ second: LexiconHit) -> Bool {
            guard first.start <= second.start else { return false }
            return !text[first.start..<second.end].contains(0x0A)
        }
        func combine(_ lead: String, _ follow: String, _ category: String, _ score: Double, _ reason: String) {
            for first in parts[lead] ?? [] {
                if let second = (parts[follow] ?? []).first(where: { sameLine(first, $0) }) {
                    findings.append(RawFinding(rule: .codeSafety, category: category, start: first.start, end: second.end,
                                               score: score, reason: reason + fences.location(first.start)))
                }
            }
        }
        combine("fetch", "shell_pipe", "dangerous_shell", 0.9, "downloads a script and pipes it into an interpreter")
        combine("sql_exec", "string_build", "sql_injection", 0.75, "SQL built from strings by concatenation or formatting")
        combine("dynamic_exec", "untrusted", "eval_of_input", 0.85, "evaluates or executes untrusted input")
        combine("shell_true", "untrusted", "eval_of_input", 0.7, "runs a shell command built from untrusted input")
        for load in parts["yaml_load"] ?? [] {
            let lineEnd = text[load.end...].firstIndex(of: 0x0A) ?? text.count
            let safe = (parts["yaml_safe"] ?? []).contains { $0.start >= load.start && $0.end <= lineEnd }
            if !safe {
                findings.append(RawFinding(rule: .codeSafety, category: "unsafe_deserialization", start: load.start, end: load.end,
                                           score: 0.75, reason: "yaml.load without a safe loader" + fences.location(load.start)))
            }
        }
        for secret in secrets where fences.contains(secret.start) || Self.isAssigned(text, secret.start) {
            findings.append(RawFinding(rule: .codeSafety, category: "secret_in_code", start: secret.start, end: secret.end,
                                       score: secret.score, reason: "\(secret.reason) written into the text" + fences.location(secret.start)))
        }
        return findings
    }

    /// A secret counts as "in code" when it is assigned (`KEY=…`, `"key": "…"`, `token = '…'`):
    /// something before it on its line is `=` or a quote.
    static func isAssigned(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var index = start - 1
        while index >= 0, text[index] != 0x0A {
            if text[index] == UInt8(ascii: "=") || text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'") { return true }
            index -= 1
        }
        return false
    }

    static let reasons: [String: String] = [
        "dangerous_shell": "a destructive shell command",
        "sql_injection": "an SQL injection shape",
        "eval_of_input": "evaluates untrusted input",
        "unsafe_deserialization": "deserialises data that may be untrusted",
    ]
}

/// Markdown code fences (```), so findings can say whether they sit inside one.
struct CodeFences {
    private var ranges: [Range<Int>] = []

    init(_ text: UnsafeBufferPointer<UInt8>) {
        var open: Int?
        var index = 0
        while index + 2 < text.count {
            if text[index] == UInt8(ascii: "`"), text[index + 1] == UInt8(ascii: "`"), text[index + 2] == UInt8(ascii: "`"),
               index == 0 || text[index - 1] == 0x0A {
                if let start = open { ranges.append(start..<index); open = nil } else { open = index }
                index += 3
            } else {
                index += 1
            }
        }
        if let start = open { ranges.append(start..<text.count) }
    }

    func contains(_ offset: Int) -> Bool { ranges.contains { $0.contains(offset) } }

    func location(_ offset: Int) -> String { contains(offset) ? " (in a fenced code block)" : "" }
}
