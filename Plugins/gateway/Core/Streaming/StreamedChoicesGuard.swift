import AIPConfig

/// Output guardrails for every choice of a streamed completion. Each choice's text goes through
/// its own `StreamGuard` (checked incrementally, the tail held back); tool-call arguments are
/// JSON that means nothing until whole, so they are held until their choice finishes, checked
/// whole, and sent in one delta just before the finish.
struct StreamedChoicesGuard {
    private let makeTextGuard: () -> StreamGuard
    private let check: StreamGuard.Check
    private var textGuards: [Int64: StreamGuard] = [:]
    private var toolCalls: [Int64: [ToolCallBuffer]] = [:]

    init(holdback: Int, checkEvery: Int, check: @escaping StreamGuard.Check) {
        self.check = check
        makeTextGuard = { StreamGuard(holdback: holdback, checkEvery: checkEvery, check: check) }
    }

    /// One streamed choice in; the choices to send in its place: none (all held back), the choice
    /// with its released text, and before its finish a choice carrying the text and tool calls
    /// released at the end. Throws `contentBlocked` when the choice's output is blocked.
    mutating func filter(_ choice: [String: JSONValue]) throws(GatewayError) -> [JSONValue] {
        let index = choice["index"]?.int64Value ?? 0
        guard case .object(var delta)? = choice["delta"] else { return [.object(choice)] }
        let finish = choice["finish_reason"] ?? .null
        if let text = delta["content"]?.stringValue, !text.isEmpty {
            var textGuard = textGuards[index] ?? makeTextGuard()
            let released = try textGuard.append(text)
            textGuards[index] = textGuard
            delta["content"] = released.isEmpty ? nil : .string(released)
        }
        if let calls = delta.removeValue(forKey: "tool_calls")?.arrayValue {
            for call in calls { ToolCallBuffer.merge(call, into: &toolCalls[index, default: []]) }
        }
        var out: [JSONValue] = []
        if !finish.isNull {
            var last: [String: JSONValue] = [:]
            // Text released with the finish follows the text released from this same delta.
            var text = delta.removeValue(forKey: "content")?.stringValue ?? ""
            if var textGuard = textGuards.removeValue(forKey: index) { text += try textGuard.finish() }
            if !text.isEmpty { last["content"] = .string(text) }
            if let buffers = toolCalls.removeValue(forKey: index) {
                last["tool_calls"] = .array(try buffers.map { buffer throws(GatewayError) in try buffer.checked(check).json })
            }
            if !last.isEmpty {
                if let role = delta.removeValue(forKey: "role") { last["role"] = role }
                out.append(.object(["index": .int(index), "delta": .object(last), "finish_reason": .null]))
            }
        }
        if delta.isEmpty && finish.isNull { return out }
        var forwarded = choice
        forwarded["delta"] = .object(delta)
        out.append(.object(forwarded))
        return out
    }
}

/// One tool call of a streamed choice, put together from its deltas: the first names it, the
/// rest append fragments of its arguments.
struct ToolCallBuffer {
    var index: Int64
    var id: JSONValue = .null
    var type: JSONValue = .string("function")
    var name: JSONValue = .null
    var arguments = ""

    static func merge(_ delta: JSONValue, into buffers: inout [ToolCallBuffer]) {
        let index = delta["index"]?.int64Value ?? Int64(buffers.count)
        let position = buffers.firstIndex { $0.index == index } ?? {
            buffers.append(ToolCallBuffer(index: index))
            return buffers.count - 1
        }()
        if let id = delta["id"], !id.isNull { buffers[position].id = id }
        if let type = delta["type"], !type.isNull { buffers[position].type = type }
        if let name = delta["function"]?["name"], !name.isNull { buffers[position].name = name }
        if let fragment = delta["function"]?["arguments"]?.stringValue { buffers[position].arguments += fragment }
    }

    /// The call after guardrails on its arguments: blocked (throws) or with redacted arguments.
    func checked(_ check: StreamGuard.Check) throws(GatewayError) -> ToolCallBuffer {
        guard !arguments.isEmpty, let verdict = try check(arguments) else { return self }
        if verdict.blocks { throw .contentBlocked("output", policy: verdict.policy, categories: verdict.categories) }
        var out = self
        if verdict.redacts, let redacted = verdict.redactedText { out.arguments = redacted }
        return out
    }

    var json: JSONValue {
        .object(["index": .int(index), "id": id, "type": type,
                 "function": .object(["name": name, "arguments": .string(arguments)])])
    }
}
