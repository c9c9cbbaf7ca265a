import AIPConfig

/// A chat completion request in OpenAI's shape. Fields the gateway does not interpret (tools,
/// tool_choice, response_format, temperature, …) stay in `body` and reach the upstream unchanged.
public struct ChatRequest: Sendable {
    /// The request as sent, without the gateway's own fields (`prompt`, `variables`, `prompt_key`,
    /// `guardrails_policy`, `metadata`).
    public var body: [String: JSONValue]
    public var model: String
    public var stream: Bool
    public var includeUsage: Bool
    public var prompt: PromptReference?
    public var variables: JSONValue?
    public var promptKey: String?
    public var guardrailsPolicy: String?
    /// Attribution: OpenAI's `user` field, or `metadata.project`/`metadata.user`.
    public var user: String?
    public var project: String?

    public struct PromptReference: Sendable, Equatable {
        public var name: String
        public var alias: String?
        public var version: Int?

        /// `name`, `name@alias` or `name@3`.
        public init(_ text: String) throws(GatewayError) {
            let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty else { throw .invalidRequest("prompt '\(text)' has no name; use name@alias", param: "prompt") }
            self.name = name
            if parts.count == 2 {
                guard !parts[1].isEmpty else { throw .invalidRequest("prompt '\(text)' has an empty alias after @", param: "prompt") }
                if let number = Int(parts[1]) { version = number } else { alias = parts[1] }
            }
        }
    }

    public init(json: JSONValue) throws(GatewayError) {
        guard case .object(var members) = json else { throw .invalidRequest("the request body must be a JSON object") }
        if let model = members["model"], model.stringValue == nil {
            throw .invalidRequest("model must be a string", param: "model")
        }
        model = members["model"]?.stringValue ?? ""
        if let stream = members["stream"], !stream.isNull {
            guard let flag = stream.boolValue else { throw .invalidRequest("stream must be a boolean", param: "stream") }
            self.stream = flag
        } else {
            stream = false
        }
        includeUsage = members["stream_options"]?["include_usage"]?.boolValue ?? false
        if let text = members.removeValue(forKey: "prompt") {
            guard let reference = text.stringValue else { throw .invalidRequest("prompt must be a string such as name@alias", param: "prompt") }
            prompt = try PromptReference(reference)
        }
        variables = members.removeValue(forKey: "variables")
        if let variables, variables.objectValue == nil { throw .invalidRequest("variables must be an object", param: "variables") }
        promptKey = members.removeValue(forKey: "prompt_key")?.stringValue
        guardrailsPolicy = members.removeValue(forKey: "guardrails_policy")?.stringValue
        let metadata = members.removeValue(forKey: "metadata")
        user = members["user"]?.stringValue ?? metadata?["user"]?.stringValue
        project = metadata?["project"]?.stringValue
        if prompt == nil {
            // A registered prompt may name the model in its parameters; otherwise it is required.
            guard !model.isEmpty else { throw .invalidRequest("you must provide a model parameter", param: "model") }
            guard let messages = members["messages"]?.arrayValue else {
                throw .invalidRequest("messages is required (an array of {role, content}) unless prompt names a registered prompt", param: "messages")
            }
            guard !messages.isEmpty else { throw .invalidRequest("messages must not be empty", param: "messages") }
            for (index, message) in messages.enumerated() {
                guard message["role"]?.stringValue != nil else {
                    throw .invalidRequest("messages[\(index)] has no role", param: "messages[\(index)].role")
                }
            }
        }
        body = members
    }

    public var messages: [JSONValue] { body["messages"]?.arrayValue ?? [] }

    /// The text guardrails check on input: every message's content, in order.
    public var inputText: String {
        messages.map { $0["content"]?.contentText ?? "" }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    public var maxOutputTokens: Int? {
        (body["max_completion_tokens"] ?? body["max_tokens"])?.int64Value.map { Int($0) }
    }

    /// The request for one upstream model name, `stream_options` kept only when streaming.
    public func body(forModel upstreamModel: String) -> [String: JSONValue] {
        var out = body
        out["model"] = .string(upstreamModel)
        if stream {
            // Usage is always asked for: it is what gets recorded, whether or not the client wants it.
            out["stream_options"] = .object(["include_usage": true])
        } else {
            out.removeValue(forKey: "stream_options")
        }
        return out
    }
}
