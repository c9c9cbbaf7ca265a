import AIPConfig
import Foundation

extension GatewayEngine {
    /// Streams one request. Until the first byte reaches the client, a failing deployment is
    /// retried or fallen back from like a non-streamed request; after that an upstream error ends
    /// the stream with an error event. A client that leaves cancels the upstream transfer; the
    /// usage of what was generated is still recorded.
    func stream(_ prepared: Prepared, into sink: any ChatStreamSink) throws(GatewayError) {
        let request = prepared.request
        let guarding = steps.hasGuardrails && settings.checkOutput
        let policy = request.guardrailsPolicy ?? settings.guardrailsPolicy
        let created = Int64(Date().timeIntervalSince1970)
        let (state, deployment) = try execute(prepared) { deployment -> Result<StreamState, UpstreamFailure> in
            let adapter = deployment.adapter
            let upstream: UpstreamRequest
            do throws(GatewayError) { upstream = try adapter.chatRequest(request, deployment: deployment) } catch {
                return .failure(UpstreamFailure(kind: .clientError, status: error.status, message: error.message))
            }
            let state = StreamState(translator: adapter.streamTranslator(request: request, deployment: deployment, id: prepared.requestID, created: created),
                                    sink: sink, includeUsage: request.includeUsage)
            if guarding {
                state.guard = StreamedChoicesGuard(holdback: settings.streamHoldbackChars, checkEvery: settings.streamCheckChars) { [steps] text throws(GatewayError) in
                    try steps.check(text, stage: "output", policy: policy)
                }
            }
            // A stream may run long: its deployment's time-out bounds the silence between bytes,
            // and the whole stream gets ten times that (at least ten minutes).
            let result = client.send(upstream, timeoutMs: max(deployment.timeoutMs * 10, 600_000), idleTimeoutMs: deployment.timeoutMs,
                                     cancelled: { sink.isClosed }) { bytes in
                state.receive(bytes)
            }
            switch result {
            case .success(let response) where !(200..<300).contains(response.status):
                var failure = UpstreamFailure.classify(status: response.status, body: response.body, deployment: deployment)
                failure.retryAfterSeconds = response.retryAfterSeconds
                return .failure(failure)
            case .success:
                state.endOfInput()
            case .failure(.cancelled):
                break
            case .failure(let transport):
                state.failure = state.failure ?? Self.failure(transport, deployment)
            }
            if let failure = state.failure, !state.started { return .failure(failure) }
            return .success(state)
        }
        state.close()
        var usage = state.translator.usage ?? Usage()
        var estimated = false
        if usage.completionTokens == 0 && !state.generated.isEmpty {
            // The stream stopped before the upstream reported usage: count what was generated.
            usage.completionTokens = Usage.estimateTokens(state.generated)
            estimated = true
        }
        if usage.promptTokens == 0 {
            usage.promptTokens = prepared.estimatedInputTokens
            estimated = true
        }
        let outcome: String
        if state.clientGone {
            metrics.add("streams_cancelled")
            outcome = "cancelled"
        } else if state.blocked {
            outcome = "blocked"
        } else if state.failure != nil {
            outcome = "error"
        } else {
            outcome = "ok"
        }
        finish(prepared, deployment: deployment, usage: usage, outcome: outcome, cache: "off", estimated: estimated)
    }
}

/// One upstream stream on its way to the client: SSE parsing, translation to OpenAI chunks,
/// incremental output guardrails, usage. Driven from curl's write callback on one thread.
final class StreamState: @unchecked Sendable {
    var translator: any StreamTranslator
    let sink: any ChatStreamSink
    let includeUsage: Bool
    var parser = ServerSentEventParser()
    var `guard`: StreamedChoicesGuard?
    var failure: UpstreamFailure?
    var started = false
    var clientGone = false
    var blocked = false
    var finished = false
    var usageChunk: JSONValue?
    var lastChunk: JSONValue?
    var generated = ""

    init(translator: any StreamTranslator, sink: any ChatStreamSink, includeUsage: Bool) {
        self.translator = translator
        self.sink = sink
        self.includeUsage = includeUsage
    }

    /// Bytes from the upstream; false stops the transfer.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for event in parser.feed(bytes) where !handle(event) { return false }
        return true
    }

    func endOfInput() {
        for event in parser.finish() where !handle(event) { return }
    }

    private func handle(_ event: ServerSentEvent) -> Bool {
        guard !finished else { return true }
        let chunks: [JSONValue]
        do throws(UpstreamFailure) { chunks = try translator.consume(event) } catch {
            failure = error
            return false
        }
        for chunk in chunks where !forward(chunk) { return false }
        if translator.finished { finished = true }
        return true
    }

    /// Sends one chunk on, after guardrails on each of its choices; false when the stream must stop.
    private func forward(_ chunk: JSONValue) -> Bool {
        guard case .object(var fields) = chunk else { return true }
        let choices = fields["choices"]?.arrayValue ?? []
        if let usage = fields["usage"], !usage.isNull, choices.isEmpty {
            usageChunk = chunk
            return true
        }
        if !includeUsage { fields.removeValue(forKey: "usage") }
        lastChunk = chunk
        for choice in choices { recordGenerated(choice) }
        guard var outputGuard = self.guard, !choices.isEmpty else { return send(.object(fields)) }
        // Each choice travels in a chunk of its own, as OpenAI streams `n` > 1.
        for case .object(let choice) in choices {
            let released: [JSONValue]
            do throws(GatewayError) { released = try outputGuard.filter(choice) } catch {
                self.guard = outputGuard
                return block(fields, choice: choice["index"]?.int64Value ?? 0)
            }
            for piece in released {
                fields["choices"] = .array([piece])
                guard send(.object(fields)) else {
                    self.guard = outputGuard
                    return false
                }
            }
        }
        self.guard = outputGuard
        return true
    }

    /// Keeps what the upstream generated (text and tool-call arguments of every choice): the
    /// estimate of output tokens when the stream ends before the upstream counts them.
    private func recordGenerated(_ choice: JSONValue) {
        guard let delta = choice["delta"] else { return }
        if let text = delta["content"]?.stringValue { generated += text }
        for call in delta["tool_calls"]?.arrayValue ?? [] {
            if let fragment = call["function"]?["arguments"]?.stringValue { generated += fragment }
        }
    }

    static func replacing(_ fields: [String: JSONValue], choice: Int64, delta: [String: JSONValue], finish: JSONValue) -> JSONValue {
        var out = fields
        out["choices"] = .array([.object(["index": .int(choice), "delta": .object(delta), "finish_reason": finish])])
        out.removeValue(forKey: "usage")
        return .object(out)
    }

    /// Guardrails blocked the output: the client gets a `content_filter` finish and the stream ends.
    private func block(_ fields: [String: JSONValue], choice: Int64) -> Bool {
        blocked = true
        _ = send(Self.replacing(fields, choice: choice, delta: [:], finish: "content_filter"))
        return false
    }

    private func send(_ chunk: JSONValue) -> Bool {
        started = true
        guard sink.write(ServerSentEvent.data(JSONBody.bytes(chunk))) else {
            clientGone = true
            return false
        }
        return true
    }

    /// Ends the client's stream: the usage chunk when asked for, an error event after a
    /// mid-stream failure, then `[DONE]`.
    func close() {
        guard !clientGone else { return }
        if let failure, !blocked {
            let error = failure.gatewayError
            _ = sink.write(ServerSentEvent.data(error.body))
        }
        if includeUsage {
            if let usageChunk {
                _ = sink.write(ServerSentEvent.data(JSONBody.bytes(usageChunk)))
            } else if case .object(var fields)? = lastChunk {
                fields["choices"] = .array([])
                fields["usage"] = (translator.usage ?? Usage()).json
                _ = sink.write(ServerSentEvent.data(JSONBody.bytes(.object(fields))))
            }
        }
        if !sink.write(ServerSentEvent.done) { clientGone = true }
    }
}
