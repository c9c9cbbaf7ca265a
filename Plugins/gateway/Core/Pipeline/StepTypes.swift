import AIPConfig

/// A guardrails verdict, reduced to what the gateway acts on.
public struct GuardVerdict: Sendable, Equatable {
    public var action: String
    public var policy: String
    public var categories: [String]
    public var redactedText: String?

    public init(action: String, policy: String, categories: [String] = [], redactedText: String? = nil) {
        self.action = action
        self.policy = policy
        self.categories = categories
        self.redactedText = redactedText
    }

    public var blocks: Bool { action == "block" }
    public var redacts: Bool { action == "redact" && redactedText != nil }
}

/// A registered prompt rendered by the prompt plugin.
public struct RenderedPrompt: Sendable {
    public var name: String
    public var version: Int
    public var messages: [JSONValue]
    public var modelParameters: [String: JSONValue]
    public var responseFormat: JSONValue?

    public init(name: String, version: Int, messages: [JSONValue], modelParameters: [String: JSONValue] = [:], responseFormat: JSONValue? = nil) {
        self.name = name
        self.version = version
        self.messages = messages
        self.modelParameters = modelParameters
        self.responseFormat = responseFormat
    }
}

/// Who is calling: a virtual key's attribution and limits, or an anonymous caller.
public struct Caller: Sendable {
    public var keyID: String?
    public var project: String?
    public var user: String?
    public var tenant: String?
    /// nil: every model.
    public var allowedModels: [String]?
    public var rpm: Int?
    public var tpm: Int?

    public init(keyID: String? = nil, project: String? = nil, user: String? = nil, tenant: String? = nil,
                allowedModels: [String]? = nil, rpm: Int? = nil, tpm: Int? = nil) {
        self.keyID = keyID
        self.project = project
        self.user = user
        self.tenant = tenant
        self.allowedModels = allowedModels
        self.rpm = rpm
        self.tpm = tpm
    }

    public static let anonymous = Caller()
}

/// What a budget check needs to know about the request.
public struct BudgetQuery: Sendable {
    public var project: String?
    public var user: String?
    public var tenant: String?
    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var maxOutputTokens: Int
}

/// The optional steps a request flows through, each answered by another plugin's capability.
/// The plugin implements this over the registry; an absent plugin answers nil and is skipped.
public protocol GatewaySteps: Sendable {
    var hasPrompt: Bool { get }
    var hasGuardrails: Bool { get }
    var hasCost: Bool { get }
    func render(_ reference: ChatRequest.PromptReference, variables: JSONValue?, key: String?) throws(GatewayError) -> RenderedPrompt
    /// `role` is the chat message's role when the text is one (`system` and `developer` messages
    /// are the application's instructions, which guardrails read differently).
    func check(_ text: String, stage: String, policy: String?, role: String?) throws(GatewayError) -> GuardVerdict?
    /// nil when allowed (or no cost plugin), the reason when a hard budget denies.
    func budgetDenial(_ query: BudgetQuery) throws(GatewayError) -> String?
    /// Publishes a JSON payload (already encoded).
    func publish(_ topic: String, _ payload: [UInt8])
    /// Whether a publish to `topic` would reach anyone now; false lets the engine skip building it.
    func hasSubscribers(_ topic: String) -> Bool
}

extension GatewaySteps {
    public func hasSubscribers(_ topic: String) -> Bool { true }

    /// A text that is not a chat message (output, streamed output).
    func check(_ text: String, stage: String, policy: String?) throws(GatewayError) -> GuardVerdict? {
        try check(text, stage: stage, policy: policy, role: nil)
    }
}
