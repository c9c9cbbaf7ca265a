import AIPConfig
import Foundation

extension GatewayEngine {
    /// `POST /v1/embeddings`: routed, limited, budgeted and recorded like chat, without guardrails.
    public func embeddings(_ json: JSONValue, caller: Caller) throws(GatewayError) -> JSONValue {
        metrics.add("embedding_requests")
        guard case .object(let body) = json else { throw .invalidRequest("the request body must be a JSON object") }
        guard let model = body["model"]?.stringValue, !model.isEmpty else { throw .invalidRequest("you must provide a model parameter", param: "model") }
        let inputText: String
        switch body["input"] {
        case .string(let text)?: inputText = text
        case .array(let items)? where !items.isEmpty: inputText = items.map { $0.stringValue ?? $0.serialized() }.joined(separator: "\n")
        default: throw .invalidRequest("input must be a string or a non-empty array", param: "input")
        }
        var request = try ChatRequest(json: .object(["model": .string(model), "messages": .array([.object(["role": "user", "content": .string(inputText)])])]))
        request.user = body["user"]?.stringValue
        request.body = body
        guard let group = router.group(model) else { throw .unknownModel(model, known: Array(router.groups.keys)) }
        if let allowed = caller.allowedModels, !allowed.contains(model) {
            throw .permission("this key may not use model '\(model)'; it may use: \(allowed.joined(separator: ", "))")
        }
        let estimate = Usage.estimateTokens(inputText)
        try admit(request: request, group: group, caller: caller, estimate: estimate)
        if steps.hasCost && settings.checkBudget, let deployment = group.deployments.first {
            let query = BudgetQuery(project: caller.project, user: caller.user ?? request.user, tenant: caller.tenant, provider: deployment.costProvider,
                                    model: deployment.model, inputTokens: estimate, maxOutputTokens: 0)
            if let denial = try steps.budgetDenial(query) { throw .budgetExceeded(denial) }
        }
        let requestID = "emb-gw-" + RequestIDs.next()
        let prepared = Prepared(request: request, group: group, caller: caller, requestID: requestID, prompt: nil,
                                estimatedInputTokens: estimate, started: Date())
        let (answer, deployment) = try execute(prepared) { deployment -> Result<(response: JSONValue, usage: Usage), UpstreamFailure> in
            let adapter = deployment.adapter
            let upstream: UpstreamRequest
            do throws(GatewayError) { upstream = try adapter.embeddingsRequest(body, deployment: deployment) } catch {
                return .failure(UpstreamFailure(kind: .clientError, status: error.status, message: error.message))
            }
            return post(upstream, to: deployment).flatMap { body in
                do throws(UpstreamFailure) { return .success(try adapter.embeddingsResponse(body, deployment: deployment, requestModel: model)) } catch {
                    return .failure(error)
                }
            }
        }
        finish(prepared, deployment: deployment, usage: answer.usage, outcome: "ok", cache: "off")
        return answer.response
    }

    /// `GET /v1/models`: the configured model names, and which optional steps are active.
    public func models() -> JSONValue {
        let data: [JSONValue] = router.groups.values.sorted { $0.name < $1.name }.map { group in
            .object([
                "id": .string(group.name), "object": "model", "created": 0, "owned_by": "aip-gateway",
                "gateway": .object([
                    "mode": .string(group.mode), "strategy": .string(group.strategy.rawValue),
                    "deployments": .array(group.deployments.map { deployment in
                        let state = router.state(of: deployment.id)
                        return .object(["id": .string(deployment.id), "provider": .string(deployment.provider.rawValue),
                                        "model": .string(deployment.model), "weight": .double(deployment.weight),
                                        "in_flight": .int(Int64(state.inFlight)), "cooling_down": .bool(state.coolingDown),
                                        "latency_ms": state.latencyMs.map(JSONValue.double) ?? .null])
                    }),
                    "fallbacks": .array(group.fallbacks.map(JSONValue.string)),
                ]),
            ])
        }
        return .object(["object": "list", "data": .array(data), "gateway": .object(["steps": activeSteps])])
    }

    /// Which steps a request goes through now: a step whose plugin is absent is skipped.
    public var activeSteps: JSONValue {
        .object([
            "prompt": .bool(steps.hasPrompt),
            "guardrails_input": .bool(steps.hasGuardrails && settings.checkInput),
            "guardrails_output": .bool(steps.hasGuardrails && settings.checkOutput),
            "budget_check": .bool(steps.hasCost && settings.checkBudget),
            "usage_events": .bool(settings.recordUsage),
            "cache": .bool(cache != nil),
        ])
    }
}
