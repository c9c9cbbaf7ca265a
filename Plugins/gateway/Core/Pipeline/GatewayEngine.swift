import AIPConfig
import Foundation

/// One request's path through the gateway: prompt rendering, input guardrails, limits, budget,
/// cache, routing with retries and fallbacks, output guardrails, usage and events. The steps of
/// other plugins come in through `GatewaySteps`; the engine itself knows no plugin.
public final class GatewayEngine: Sendable {
    public let router: Router
    public let client: UpstreamClient
    public let steps: any GatewaySteps
    public let settings: GatewaySettings
    public let limiter = RateLimiter()
    public let metrics: GatewayMetrics
    public let cache: ResponseCache?

    public init(router: Router, client: UpstreamClient, steps: any GatewaySteps, settings: GatewaySettings,
                metrics: GatewayMetrics = GatewayMetrics(), cache: ResponseCache? = nil) {
        self.router = router
        self.client = client
        self.steps = steps
        self.settings = settings
        self.metrics = metrics
        self.cache = cache
    }

    /// A request after the steps that precede the upstream call.
    struct Prepared {
        var request: ChatRequest
        let group: ModelGroup
        let caller: Caller
        let requestID: String
        let prompt: (name: String, version: Int)?
        let estimatedInputTokens: Int
        let started: Date
    }

    // MARK: Chat

    /// A non-streamed request answers the completion; a streamed one writes to `sink` and
    /// answers nil. Errors before the first streamed byte are thrown.
    public func chat(_ request: ChatRequest, caller: Caller, sink: (any ChatStreamSink)? = nil) throws(GatewayError) -> JSONValue? {
        metrics.add("requests")
        do throws(GatewayError) {
            let prepared = try prepare(request, caller: caller)
            if prepared.request.stream {
                try stream(prepared, into: sink ?? BufferedStreamSink())
                return nil
            }
            return try complete(prepared)
        } catch {
            metrics.add("errors_\(error.status)")
            throw error
        }
    }

    func prepare(_ original: ChatRequest, caller: Caller) throws(GatewayError) -> Prepared {
        var request = original
        var prompt: (name: String, version: Int)?
        if let reference = request.prompt {
            guard steps.hasPrompt else {
                throw .invalidRequest("prompt '\(reference.name)' was named but no prompt plugin is loaded", param: "prompt")
            }
            let rendered = try steps.render(reference, variables: request.variables, key: request.promptKey ?? caller.keyID ?? request.user)
            request.body["messages"] = .array(rendered.messages + request.messages)
            for (key, value) in rendered.modelParameters where key != "provider" && key != "model" && request.body[key] == nil {
                request.body[key] = value
            }
            if request.model.isEmpty, let model = rendered.modelParameters["model"]?.stringValue { request.model = model }
            if request.body["response_format"] == nil, let format = rendered.responseFormat, !format.isNull { request.body["response_format"] = format }
            prompt = (rendered.name, rendered.version)
        }
        guard !request.model.isEmpty else {
            throw .invalidRequest("you must provide a model parameter (the prompt's model_parameters name none)", param: "model")
        }
        guard let group = router.group(request.model) else { throw .unknownModel(request.model, known: Array(router.groups.keys)) }
        if let allowed = caller.allowedModels, !allowed.contains(request.model) {
            throw .permission("this key may not use model '\(request.model)'; it may use: \(allowed.joined(separator: ", "))")
        }
        let requestID = "chatcmpl-gw-" + RequestIDs.next()
        if settings.publishEvents && steps.hasSubscribers("gateway.request") {
            var event = EventPayload()
            event.add("request_id", requestID)
            event.add("model", request.model)
            event.add("stream", request.stream)
            event.add("key_id", caller.keyID)
            event.add("project", caller.project ?? request.project)
            event.add("user", caller.user ?? request.user)
            event.add("prompt", prompt: prompt)
            steps.publish("gateway.request", event.finished)
        }
        if steps.hasGuardrails && settings.checkInput {
            try guardInput(&request)
        }
        let estimate = Usage.estimateTokens(request.inputText)
        try admit(request: request, group: group, caller: caller, estimate: estimate)
        if steps.hasCost && settings.checkBudget, let deployment = group.deployments.first {
            let query = BudgetQuery(project: caller.project ?? request.project, user: caller.user ?? request.user, tenant: caller.tenant,
                                    provider: deployment.costProvider, model: deployment.model, inputTokens: estimate,
                                    maxOutputTokens: request.maxOutputTokens ?? 0)
            if let denial = try steps.budgetDenial(query) { throw .budgetExceeded(denial) }
        }
        return Prepared(request: request, group: group, caller: caller, requestID: requestID, prompt: prompt,
                        estimatedInputTokens: estimate, started: Date())
    }

    static let guardedRoles: Set<String> = ["system", "developer", "user", "tool"]

    /// Checks each message; a block stops the request, a redaction replaces that message's text.
    func guardInput(_ request: inout ChatRequest) throws(GatewayError) {
        guard var messages = request.body["messages"]?.arrayValue else { return }
        let policy = request.guardrailsPolicy ?? settings.guardrailsPolicy
        for index in messages.indices {
            let role = messages[index]["role"]?.stringValue
            guard role != "assistant", let content = messages[index]["content"] else { continue }
            let text = content.contentText
            // Only the roles guardrails know are named; any other is checked as a plain text.
            let knownRole = role.flatMap { Self.guardedRoles.contains($0) ? $0 : nil }
            guard !text.isEmpty, let verdict = try steps.check(text, stage: "input", policy: policy, role: knownRole) else { continue }
            if verdict.blocks {
                metrics.add("guardrails_input_blocked")
                throw .contentBlocked("input", policy: verdict.policy, categories: verdict.categories)
            }
            if verdict.redacts, let redacted = verdict.redactedText, case .object(var message) = messages[index] {
                metrics.add("guardrails_input_redacted")
                message["content"] = .string(redacted)
                messages[index] = .object(message)
            }
        }
        request.body["messages"] = .array(messages)
    }

    func admit(request: ChatRequest, group: ModelGroup, caller: Caller, estimate: Int) throws(GatewayError) {
        let now = Int64(Date().timeIntervalSince1970)
        if let key = caller.keyID,
           case .limited(let reason, let retry) = limiter.admit(key: "key:\(key)", rpm: caller.rpm, tpm: caller.tpm, tokens: estimate, now: now) {
            metrics.add("rate_limited")
            throw .rateLimited("\(reason); retry after \(retry) s", retryAfterSeconds: retry)
        }
        if case .limited(let reason, let retry) = limiter.admit(key: "model:\(group.name)", rpm: group.rpm, tpm: group.tpm, tokens: estimate, now: now) {
            metrics.add("rate_limited")
            throw .rateLimited("\(reason); retry after \(retry) s", retryAfterSeconds: retry)
        }
    }

    func complete(_ prepared: Prepared) throws(GatewayError) -> JSONValue {
        let request = prepared.request
        var cacheKey: String?
        if let cache {
            let key = ResponseCache.key(model: request.model, body: request.body)
            cacheKey = key
            if var hit = cache.lookup(key) {
                if case .object(var fields) = hit {
                    fields["id"] = .string(prepared.requestID)
                    hit = .object(fields)
                }
                finish(prepared, deployment: nil, usage: Usage(), outcome: "ok", cache: "hit")
                return hit
            }
        }
        var sent: [UInt8] = []
        let (answer, deployment) = try execute(prepared) { deployment -> Result<(completion: JSONValue, usage: Usage), UpstreamFailure> in
            let adapter = deployment.adapter
            let upstream: UpstreamRequest
            do throws(GatewayError) { upstream = try adapter.chatRequest(request, deployment: deployment) } catch {
                return .failure(UpstreamFailure(kind: .clientError, status: error.status, message: error.message))
            }
            sent = upstream.body
            return post(upstream, to: deployment).flatMap { body in
                do throws(UpstreamFailure) { return .success(try adapter.chatResponse(body, request: request, deployment: deployment)) } catch {
                    return .failure(error)
                }
            }
        }
        var completion = answer.completion
        if steps.hasGuardrails && settings.checkOutput {
            do throws(GatewayError) { completion = try guardOutput(completion, policy: request.guardrailsPolicy ?? settings.guardrailsPolicy) } catch {
                finish(prepared, deployment: deployment, usage: answer.usage, outcome: "blocked", cache: cache == nil ? "off" : "miss",
                       promptHash: Hex.fingerprint(sent))
                throw error
            }
        }
        if let cache, let cacheKey { cache.store(cacheKey, completion) }
        finish(prepared, deployment: deployment, usage: answer.usage, outcome: "ok", cache: cache == nil ? "off" : "miss",
               promptHash: Hex.fingerprint(sent))
        return completion
    }

    /// One non-streamed call: the 2xx body, or the failure the router acts on.
    func post(_ upstream: UpstreamRequest, to deployment: Deployment) -> Result<[UInt8], UpstreamFailure> {
        switch client.send(upstream, timeoutMs: deployment.timeoutMs) {
        case .failure(let transport): return .failure(Self.failure(transport, deployment))
        case .success(let response):
            guard (200..<300).contains(response.status) else {
                var failure = UpstreamFailure.classify(status: response.status, body: response.body, deployment: deployment)
                failure.retryAfterSeconds = response.retryAfterSeconds
                return .failure(failure)
            }
            return .success(response.body)
        }
    }

    static func failure(_ transport: UpstreamClient.TransportError, _ deployment: Deployment) -> UpstreamFailure {
        let name = "deployment \(deployment.id) (\(deployment.provider.rawValue) \(deployment.model))"
        switch transport {
        case .timeout(let message): return UpstreamFailure(kind: .timeout, status: 504, message: "\(name) did not answer in time: \(message)")
        case .failed(let message): return UpstreamFailure(kind: .serverError, status: 502, message: "cannot reach \(name): \(message)")
        case .cancelled: return UpstreamFailure(kind: .serverError, status: 499, message: "the client went away")
        }
    }

    // MARK: After the call

    /// Usage, rate-limit correction and the response event.
    func finish(_ prepared: Prepared, deployment: Deployment?, usage: Usage, outcome: String, cache: String, estimated: Bool = false,
                promptHash: String? = nil) {
        let latency = Int(Date().timeIntervalSince(prepared.started) * 1000)
        let now = Int64(Date().timeIntervalSince1970)
        let correction = usage.totalTokens - prepared.estimatedInputTokens
        if let key = prepared.caller.keyID, prepared.caller.tpm != nil { limiter.adjustTokens(key: "key:\(key)", delta: correction, now: now) }
        if prepared.group.tpm != nil { limiter.adjustTokens(key: "model:\(prepared.group.name)", delta: correction, now: now) }
        let caller = prepared.caller
        if settings.recordUsage, let deployment, usage.totalTokens > 0, steps.hasSubscribers("llm.usage") {
            var event = EventPayload()
            event.add("provider", deployment.costProvider)
            event.add("model", deployment.model)
            event.add("input_tokens", usage.promptTokens)
            event.add("output_tokens", usage.completionTokens)
            event.add("cached_input_tokens", usage.cachedTokens)
            event.add("latency_ms", latency)
            event.add("request_id", prepared.requestID)
            event.add("project", caller.project ?? prepared.request.project)
            event.add("user", caller.user ?? prepared.request.user)
            event.add("tenant", caller.tenant)
            event.add("prompt", prompt: prepared.prompt)
            event.add("prompt_hash", promptHash)
            steps.publish("llm.usage", event.finished)
        }
        metrics.add("outcome_\(outcome)")
        if settings.publishEvents && steps.hasSubscribers("gateway.response") {
            var event = EventPayload()
            event.add("request_id", prepared.requestID)
            event.add("model", prepared.request.model)
            event.add("outcome", outcome)
            event.add("latency_ms", latency)
            event.add("stream", prepared.request.stream)
            event.add("cache", cache)
            event.add("input_tokens", usage.promptTokens)
            event.add("output_tokens", usage.completionTokens)
            event.add("cached_input_tokens", usage.cachedTokens)
            event.add("usage_estimated", estimated)
            event.add("deployment", deployment?.id)
            event.add("provider", deployment?.provider.rawValue)
            steps.publish("gateway.response", event.finished)
        }
    }
}
