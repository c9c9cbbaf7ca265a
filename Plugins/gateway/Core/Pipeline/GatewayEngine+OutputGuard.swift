import AIPConfig

extension GatewayEngine {
    /// Output guardrails on a whole completion: the text and every tool call's arguments of every
    /// choice. A block anywhere blocks the completion; a redaction replaces that text.
    func guardOutput(_ completion: JSONValue, policy: String?) throws(GatewayError) -> JSONValue {
        guard case .object(var fields) = completion, var choices = fields["choices"]?.arrayValue else { return completion }
        for index in choices.indices {
            guard case .object(var choice) = choices[index], case .object(var message)? = choice["message"] else { continue }
            if let text = message["content"]?.stringValue, let redacted = try guardedOutput(text, policy: policy) {
                message["content"] = .string(redacted)
            }
            if var calls = message["tool_calls"]?.arrayValue {
                for call in calls.indices {
                    guard case .object(var function)? = calls[call]["function"], let arguments = function["arguments"]?.stringValue,
                          let redacted = try guardedOutput(arguments, policy: policy), case .object(var entry) = calls[call] else { continue }
                    function["arguments"] = .string(redacted)
                    entry["function"] = .object(function)
                    calls[call] = .object(entry)
                }
                message["tool_calls"] = .array(calls)
            }
            choice["message"] = .object(message)
            choices[index] = .object(choice)
        }
        fields["choices"] = .array(choices)
        return .object(fields)
    }

    /// Checks one output text: throws when blocked, answers the redacted text when redacted.
    private func guardedOutput(_ text: String, policy: String?) throws(GatewayError) -> String? {
        guard !text.isEmpty, let verdict = try steps.check(text, stage: "output", policy: policy) else { return nil }
        if verdict.blocks {
            metrics.add("guardrails_output_blocked")
            throw .contentBlocked("output", policy: verdict.policy, categories: verdict.categories)
        }
        guard verdict.redacts, let redacted = verdict.redactedText else { return nil }
        metrics.add("guardrails_output_redacted")
        return redacted
    }
}
