import Foundation
import AIPConfig

/// OpenAI and every server that speaks its API; Azure OpenAI differs only in URL and key header.
public struct OpenAIAdapter: ProviderAdapter {
    public enum Flavour: Sendable { case openai, azure }
    public let flavour: Flavour

    public init(flavour: Flavour) { self.flavour = flavour }

    func url(_ deployment: Deployment, operation: String) -> String {
        switch flavour {
        case .openai:
            return "\(deployment.baseURL)/\(operation)"
        case .azure:
            let version = deployment.apiVersion ?? "2024-10-21"
            return "\(deployment.baseURL)/openai/deployments/\(deployment.model)/\(operation)?api-version=\(version)"
        }
    }

    func headers(_ deployment: Deployment) -> [String] {
        var headers = ["Content-Type: application/json"]
        if let key = deployment.apiKey, !key.isEmpty {
            headers.append(flavour == .azure ? "api-key: \(key)" : "Authorization: Bearer \(key)")
        }
        return headers
    }

    public func chatRequest(_ request: ChatRequest, deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        UpstreamRequest(url: url(deployment, operation: "chat/completions"), headers: headers(deployment),
                        body: JSONBody.bytes(.object(request.body(forModel: deployment.model))))
    }

    public func chatResponse(_ body: [UInt8], request: ChatRequest, deployment: Deployment) throws(UpstreamFailure) -> (completion: JSONValue, usage: Usage) {
        let completion = try UpstreamFailure.parse(body, deployment)
        guard completion["choices"]?.arrayValue != nil else {
            throw UpstreamFailure.malformed(deployment, "no choices in the chat completion")
        }
        return (completion, Usage(openAI: completion["usage"]) ?? Usage())
    }

    public func streamTranslator(request: ChatRequest, deployment: Deployment, id: String, created: Int64) -> any StreamTranslator {
        OpenAIStreamTranslator(deployment: deployment)
    }

    public func embeddingsRequest(_ body: [String: JSONValue], deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        var out = body
        out["model"] = .string(deployment.model)
        return UpstreamRequest(url: url(deployment, operation: "embeddings"), headers: headers(deployment), body: JSONBody.bytes(.object(out)))
    }

    public func embeddingsResponse(_ body: [UInt8], deployment: Deployment, requestModel: String) throws(UpstreamFailure) -> (response: JSONValue, usage: Usage) {
        let response = try UpstreamFailure.parse(body, deployment)
        guard response["data"]?.arrayValue != nil else { throw UpstreamFailure.malformed(deployment, "no data in the embeddings reply") }
        let usage = response["usage"]
        return (response, Usage(promptTokens: Int(usage?["prompt_tokens"]?.int64Value ?? 0)))
    }
}

/// OpenAI's chunks are already what clients want; this only reads usage and the end marker.
struct OpenAIStreamTranslator: StreamTranslator {
    let deployment: Deployment
    var usage: Usage?
    var finished = false

    mutating func consume(_ event: ServerSentEvent) throws(UpstreamFailure) -> [JSONValue] {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            finished = true
            return []
        }
        guard !data.isEmpty else { return [] }
        let chunk = try UpstreamFailure.parse(Array(data.utf8), deployment)
        if let error = chunk["error"], !error.isNull {
            throw UpstreamFailure(kind: .serverError, status: 502,
                                  message: "deployment \(deployment.id) failed mid-stream: \(error["message"]?.stringValue ?? error.serialized())")
        }
        if let reported = Usage(openAI: chunk["usage"]) { usage = reported }
        return [chunk]
    }
}
