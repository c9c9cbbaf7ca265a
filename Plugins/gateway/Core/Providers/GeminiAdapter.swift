import AIPConfig
import Foundation

/// Google's Gemini API (`generateContent`, `streamGenerateContent?alt=sse`, `batchEmbedContents`).
/// Usage: `promptTokenCount` includes `cachedContentTokenCount`; thinking tokens count as output.
public struct GeminiAdapter: ProviderAdapter {
    public init() {}

    func headers(_ deployment: Deployment) -> [String] {
        var headers = ["Content-Type: application/json"]
        if let key = deployment.apiKey, !key.isEmpty { headers.append("x-goog-api-key: \(key)") }
        return headers
    }

    public func chatRequest(_ request: ChatRequest, deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        let operation = request.stream ? "streamGenerateContent?alt=sse" : "generateContent"
        return UpstreamRequest(url: "\(deployment.baseURL)/models/\(deployment.model):\(operation)", headers: headers(deployment),
                               body: JSONBody.bytes(.object(try Self.generateBody(request))))
    }

    static func generateBody(_ request: ChatRequest) throws(GatewayError) -> [String: JSONValue] {
        let source = request.body
        var body: [String: JSONValue] = [:]
        if let system = ChatTranslation.systemText(request.messages) {
            body["systemInstruction"] = .object(["parts": .array([.object(["text": .string(system)])])])
        }
        var toolNames: [String: JSONValue] = [:]
        var contents: [JSONValue] = []
        for (index, message) in request.messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            var parts: [JSONValue] = []
            switch role {
            case "system", "developer": continue
            case "tool":
                let name = toolNames[message["tool_call_id"]?.stringValue ?? ""] ?? .string("tool")
                parts.append(.object(["functionResponse": .object([
                    "name": name, "response": .object(["content": .string(message["content"]?.contentText ?? "")])])]))
                contents.append(.object(["role": "user", "parts": .array(parts)]))
                continue
            case "user", "assistant":
                let text = message["content"]?.contentText ?? ""
                if !text.isEmpty { parts.append(.object(["text": .string(text)])) }
                for (callIndex, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                    let name = call["function"]?["name"] ?? ""
                    if let id = call["id"]?.stringValue { toolNames[id] = name }
                    parts.append(.object(["functionCall": .object([
                        "name": name,
                        "args": try ChatTranslation.arguments(call["function"]?["arguments"], at: "messages[\(index)].tool_calls[\(callIndex)].function.arguments")])]))
                }
            default:
                throw .invalidRequest("messages[\(index)].role '\(role)' is not one of system, developer, user, assistant, tool", param: "messages[\(index)].role")
            }
            contents.append(.object(["role": .string(role == "assistant" ? "model" : "user"), "parts": .array(parts)]))
        }
        body["contents"] = .array(contents)
        var generation: [String: JSONValue] = [:]
        if let temperature = source["temperature"] { generation["temperature"] = temperature }
        if let topP = source["top_p"] { generation["topP"] = topP }
        if let maximum = request.maxOutputTokens { generation["maxOutputTokens"] = .int(Int64(maximum)) }
        if let seed = source["seed"] { generation["seed"] = seed }
        if let stop = source["stop"] { generation["stopSequences"] = stop.stringValue.map { .array([.string($0)]) } ?? stop }
        if let format = source["response_format"], let type = format["type"]?.stringValue, type != "text" {
            generation["responseMimeType"] = "application/json"
            if let schema = format["json_schema"]?["schema"] { generation["responseJsonSchema"] = schema }
        }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        if let tools = source["tools"]?.arrayValue {
            let declarations: [JSONValue] = tools.compactMap { tool in
                guard let function = tool["function"] else { return nil }
                var out: [String: JSONValue] = ["name": function["name"] ?? ""]
                if let description = function["description"] { out["description"] = description }
                if let parameters = function["parameters"] { out["parameters"] = parameters }
                return .object(out)
            }
            body["tools"] = .array([.object(["functionDeclarations": .array(declarations)])])
        }
        if let choice = source["tool_choice"] {
            var config: [String: JSONValue]?
            switch choice.stringValue {
            case "auto": config = ["mode": "AUTO"]
            case "required": config = ["mode": "ANY"]
            case "none": config = ["mode": "NONE"]
            default:
                if let name = choice["function"]?["name"] { config = ["mode": "ANY", "allowedFunctionNames": .array([name])] }
            }
            if let config { body["toolConfig"] = .object(["functionCallingConfig": .object(config)]) }
        }
        return body
    }

    static func usage(_ value: JSONValue?) -> Usage {
        Usage(promptTokens: ChatTranslation.int(value?["promptTokenCount"]),
              completionTokens: ChatTranslation.int(value?["candidatesTokenCount"]) + ChatTranslation.int(value?["thoughtsTokenCount"]),
              cachedTokens: ChatTranslation.int(value?["cachedContentTokenCount"]))
    }

    /// The text and function calls of the first candidate.
    static func parts(_ reply: JSONValue, callOffset: Int) -> (text: String, calls: [JSONValue]) {
        var text = ""
        var calls: [JSONValue] = []
        for part in reply["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue ?? [] {
            if part["thought"]?.boolValue == true { continue }
            if let piece = part["text"]?.stringValue { text += piece }
            if let call = part["functionCall"] {
                calls.append(.object(["index": .int(Int64(callOffset + calls.count)), "id": .string("call_\(callOffset + calls.count)"), "type": "function",
                                      "function": .object(["name": call["name"] ?? "", "arguments": .string((call["args"] ?? .object([:])).serialized(sortedKeys: false))])]))
            }
        }
        return (text, calls)
    }

    public func chatResponse(_ body: [UInt8], request: ChatRequest, deployment: Deployment) throws(UpstreamFailure) -> (completion: JSONValue, usage: Usage) {
        let reply = try UpstreamFailure.parse(body, deployment)
        guard let candidate = reply["candidates"]?.arrayValue?.first else {
            let reason = reply["promptFeedback"]?["blockReason"]?.stringValue
            throw reason.map { UpstreamFailure(kind: .clientError, status: 400, message: "Gemini blocked the prompt: \($0)") }
                ?? UpstreamFailure.malformed(deployment, "no candidates in the reply")
        }
        let (text, calls) = Self.parts(reply, callOffset: 0)
        var message: [String: JSONValue] = ["role": "assistant", "content": text.isEmpty && !calls.isEmpty ? .null : .string(text)]
        if !calls.isEmpty {
            message["tool_calls"] = .array(calls.map { call in
                guard case .object(var fields) = call else { return call }
                fields.removeValue(forKey: "index")
                return .object(fields)
            })
        }
        var finish = ChatTranslation.finishReason(gemini: candidate["finishReason"]?.stringValue)
        if !calls.isEmpty && finish == "stop" { finish = "tool_calls" }
        let usage = Self.usage(reply["usageMetadata"])
        let completion = ChatTranslation.completion(id: reply["responseId"]?.stringValue ?? "chatcmpl-gemini", created: Int64(Date().timeIntervalSince1970),
                                                    model: reply["modelVersion"]?.stringValue ?? deployment.model, message: message, finish: finish, usage: usage)
        return (completion, usage)
    }

    public func streamTranslator(request: ChatRequest, deployment: Deployment, id: String, created: Int64) -> any StreamTranslator {
        GeminiStreamTranslator(deployment: deployment, id: id, created: created)
    }

    public func embeddingsRequest(_ body: [String: JSONValue], deployment: Deployment) throws(GatewayError) -> UpstreamRequest {
        let inputs: [String]
        switch body["input"] {
        case .string(let text)?: inputs = [text]
        case .array(let items)?:
            inputs = items.compactMap(\.stringValue)
            guard inputs.count == items.count else { throw .invalidRequest("input for Gemini embeddings must be strings (token arrays are OpenAI only)", param: "input") }
        default: throw .invalidRequest("input must be a string or an array of strings", param: "input")
        }
        var requests: [JSONValue] = []
        for text in inputs {
            var one: [String: JSONValue] = ["model": .string("models/\(deployment.model)"), "content": .object(["parts": .array([.object(["text": .string(text)])])])]
            if let dimensions = body["dimensions"] { one["outputDimensionality"] = dimensions }
            requests.append(.object(one))
        }
        return UpstreamRequest(url: "\(deployment.baseURL)/models/\(deployment.model):batchEmbedContents", headers: headers(deployment),
                               body: JSONBody.bytes(.object(["requests": .array(requests)])))
    }

    public func embeddingsResponse(_ body: [UInt8], deployment: Deployment, requestModel: String) throws(UpstreamFailure) -> (response: JSONValue, usage: Usage) {
        let reply = try UpstreamFailure.parse(body, deployment)
        guard let embeddings = reply["embeddings"]?.arrayValue else { throw UpstreamFailure.malformed(deployment, "no embeddings in the reply") }
        let data: [JSONValue] = embeddings.enumerated().map { index, embedding in
            .object(["object": "embedding", "index": .int(Int64(index)), "embedding": embedding["values"] ?? .array([])])
        }
        // Gemini reports no token counts for embeddings.
        return (.object(["object": "list", "data": .array(data), "model": .string(requestModel),
                         "usage": .object(["prompt_tokens": 0, "total_tokens": 0])]), Usage())
    }
}

/// Each Gemini stream event is a partial `GenerateContentResponse`; the last carries the finish
/// reason and the usage. The stream has no end marker: it ends when the connection does.
struct GeminiStreamTranslator: StreamTranslator {
    let deployment: Deployment
    let id: String
    let created: Int64
    var usage: Usage?
    var finished = false
    private var started = false
    private var calls = 0

    init(deployment: Deployment, id: String, created: Int64) {
        self.deployment = deployment
        self.id = id
        self.created = created
    }

    mutating func consume(_ event: ServerSentEvent) throws(UpstreamFailure) -> [JSONValue] {
        guard !event.data.isEmpty else { return [] }
        let reply = try UpstreamFailure.parse(Array(event.data.utf8), deployment)
        if let error = reply["error"] {
            throw UpstreamFailure(kind: .serverError, status: 502, message: "deployment \(deployment.id) failed mid-stream: \(error["message"]?.stringValue ?? error.serialized())")
        }
        if let metadata = reply["usageMetadata"] { usage = GeminiAdapter.usage(metadata) }
        let model = reply["modelVersion"]?.stringValue ?? deployment.model
        var chunks: [JSONValue] = []
        if !started {
            started = true
            chunks.append(ChatTranslation.chunk(id: id, created: created, model: model, delta: ["role": "assistant", "content": ""]))
        }
        let (text, newCalls) = GeminiAdapter.parts(reply, callOffset: calls)
        calls += newCalls.count
        if !text.isEmpty { chunks.append(ChatTranslation.chunk(id: id, created: created, model: model, delta: ["content": .string(text)])) }
        if !newCalls.isEmpty { chunks.append(ChatTranslation.chunk(id: id, created: created, model: model, delta: ["tool_calls": .array(newCalls)])) }
        if let reason = reply["candidates"]?.arrayValue?.first?["finishReason"]?.stringValue {
            var finish = ChatTranslation.finishReason(gemini: reason)
            if calls > 0 && finish == "stop" { finish = "tool_calls" }
            chunks.append(ChatTranslation.chunk(id: id, created: created, model: model, delta: [:], finish: finish))
            finished = true
        }
        return chunks
    }
}
