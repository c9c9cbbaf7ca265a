/// One place a model is served: a provider, its base URL, the model name there, and what the
/// router needs to choose between deployments of the same model.
public struct Deployment: Sendable, Equatable {
    public enum Provider: String, Sendable, CaseIterable {
        case openai, anthropic, azure, gemini
        /// Any server speaking OpenAI's API (vLLM, Ollama, llama.cpp server, LM Studio).
        case openaiCompatible = "openai_compatible"
    }

    public var id: String
    public var provider: Provider
    /// The model name the upstream knows (for Azure: the deployment name).
    public var model: String
    public var baseURL: String
    /// Already resolved from `${ENV}`; never logged.
    public var apiKey: String?
    /// Azure's `api-version` query parameter.
    public var apiVersion: String?
    public var weight: Double
    public var rpm: Int?
    public var tpm: Int?
    public var timeoutMs: Int
    /// USD per million input and output tokens, for the lowest-cost strategy.
    public var inputPricePerMillion: Double
    public var outputPricePerMillion: Double
    /// Largest prompt in tokens; a larger request goes to the fallbacks without being sent.
    public var contextWindow: Int?

    public init(id: String, provider: Provider, model: String, baseURL: String, apiKey: String? = nil,
                apiVersion: String? = nil, weight: Double = 1, rpm: Int? = nil, tpm: Int? = nil, timeoutMs: Int = 60_000,
                inputPricePerMillion: Double = 0, outputPricePerMillion: Double = 0, contextWindow: Int? = nil) {
        self.id = id
        self.provider = provider
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.weight = weight
        self.rpm = rpm
        self.tpm = tpm
        self.timeoutMs = timeoutMs
        self.inputPricePerMillion = inputPricePerMillion
        self.outputPricePerMillion = outputPricePerMillion
        self.contextWindow = contextWindow
    }

    /// The provider name usage events and the cost plugin use.
    public var costProvider: String {
        switch provider {
        case .openai, .openaiCompatible: return "openai"
        case .anthropic: return "anthropic"
        case .azure: return "azure"
        case .gemini: return "gemini"
        }
    }

    public var adapter: any ProviderAdapter {
        switch provider {
        case .openai, .openaiCompatible: return OpenAIAdapter(flavour: .openai)
        case .azure: return OpenAIAdapter(flavour: .azure)
        case .anthropic: return AnthropicAdapter()
        case .gemini: return GeminiAdapter()
        }
    }
}

/// An HTTP request to an upstream.
public struct UpstreamRequest: Sendable {
    public var url: String
    public var headers: [String]
    public var body: [UInt8]

    public init(url: String, headers: [String], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}
