import AIPConfig

/// What the JSON rule checks: the output parses, and conforms to a schema when one is given.
public struct JSONRuleSettings: Sendable {
    public var schema: JSONSchema?
    public var repair: Bool

    public init(schema: JSONSchema?, repair: Bool) {
        self.schema = schema
        self.repair = repair
    }
}

enum JSONRule {
    static let maximumViolations = 20

    /// Findings for `text`, and the repaired text when repair is on and the repair passes.
    static func check(_ text: String, _ settings: JSONRuleSettings) -> (findings: [RawFinding], repaired: String?) {
        let findings = problems(text, settings.schema)
        guard !findings.isEmpty, settings.repair, let repaired = JSONRepair.repair(text), repaired != text,
              problems(repaired, settings.schema).isEmpty else { return (findings, nil) }
        return ([.whole(.json, "repaired", score: 1, reason: "invalid JSON repaired (code fences, trailing commas or unclosed brackets)")],
                repaired)
    }

    /// "not valid JSON: line L, column C: message", written straight into the string's storage:
    /// a policy that applies the rule to prompts, which are rarely JSON, builds this on every
    /// check, and string interpolation (five appends, a generic `description` per number), or
    /// appending `utf8` views to a byte array (a generic append each), cost half the rule.
    static func invalidJSONReason(_ error: JSONParseError) -> String {
        var message = error.message
        return message.withUTF8 { message in
            String(unsafeUninitializedCapacity: 72 + message.count) { output in
                var writer = ReasonWriter(output: output.baseAddress!)
                writer.append("not valid JSON: line ")
                writer.append(error.line)
                writer.append(", column ")
                writer.append(error.column)
                writer.append(": ")
                writer.append(message)
                return writer.length
            }
        }
    }

    /// Bytes appended to uninitialised storage with room for them; a struct rather than nested
    /// functions, whose captured count cost a dynamic exclusivity check per call.
    private struct ReasonWriter {
        let output: UnsafeMutablePointer<UInt8>
        var length = 0

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress else { return }
            (output + length).update(from: base, count: bytes.count)
            length += bytes.count
        }

        mutating func append(_ literal: StaticString) {
            (output + length).update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
            length += literal.utf8CodeUnitCount
        }

        mutating func append(_ number: Int) {
            if number < 0 { append("-") }
            // Lowest digit first, then reversed in place.
            var value = number.magnitude
            var low = length
            repeat {
                output[length] = UInt8(ascii: "0") + UInt8(value % 10)
                length += 1
                value /= 10
            } while value > 0
            var high = length - 1
            while low < high {
                (output[low], output[high]) = (output[high], output[low])
                low += 1
                high -= 1
            }
        }
    }

    private static func problems(_ text: String, _ schema: JSONSchema?) -> [RawFinding] {
        let value: JSONValue
        do { value = try JSONParser.parse(text, source: "output") } catch {
            return [.whole(.json, "invalid_json", score: 1, reason: invalidJSONReason(error))]
        }
        guard let schema else { return [] }
        return schema.validate(value).prefix(maximumViolations).map { violation in
            .whole(.json, "schema_violation", score: 1,
                   reason: "at \(violation.path.isEmpty ? "the root" : violation.path): \(violation.message)")
        }
    }
}

/// Repairs of the breakage language models typically produce: prose or Markdown code fences
/// around the JSON, trailing commas, and brackets left open at the end.
enum JSONRepair {
    static func repair(_ text: String) -> String? {
        var body = Substring(text)
        if let fence = body.range(of: "```") {
            var inner = body[fence.upperBound...]
            if let newline = inner.firstIndex(of: "\n") { inner = inner[inner.index(after: newline)...] }
            if let close = inner.range(of: "```") { inner = inner[..<close.lowerBound] }
            body = inner
        }
        guard let start = body.firstIndex(where: { $0 == "{" || $0 == "[" }) else { return nil }
        body = body[start...]
        var output = ""
        var closers: [Character] = []
        var inString = false
        var escaped = false
        for character in body {
            if inString {
                output.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true; output.append(character)
            case "{": closers.append("}"); output.append(character)
            case "[": closers.append("]"); output.append(character)
            case "}", "]":
                guard closers.last == character else { continue }
                dropTrailingComma(&output)
                closers.removeLast()
                output.append(character)
            default: output.append(character)
            }
            if closers.isEmpty { break }
        }
        if inString { output.append("\"") }
        for closer in closers.reversed() {
            dropTrailingComma(&output)
            output.append(closer)
        }
        return output
    }

    private static func dropTrailingComma(_ output: inout String) {
        while let last = output.last, last.isWhitespace { output.removeLast() }
        if output.last == "," { output.removeLast() }
    }
}
