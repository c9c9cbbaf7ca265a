import AIPConfig
import Foundation

/// The gateway's config section, read into routing tables and settings. The host has already
/// checked it against the schema and expanded `${ENV}` references; this adds the checks a
/// schema cannot make (a fallback naming a model that does not exist, a duplicate name) and
/// names the field at fault.
public struct GatewayConfiguration: Sendable {
    public var groups: [ModelGroup] = []
    public var policy = RetryPolicy()
    public var settings = GatewaySettings()
    public var connectTimeoutMs = 5_000
    /// `http_client`: whether `http://` upstreams use the gateway's own client (`"own"`, the
    /// default) or libcurl like the rest (`"curl"`).
    public var ownHTTPClient = true
    public var listenHost: String?
    public var listenPort: Int?
    /// Connections the own listener serves at once (a thread each); more are answered 503.
    public var listenMaxConnections = 1024
    public var registerRoutes = true
    public var cacheEnabled = false
    public var cacheTTLSeconds = 300
    public var cacheMaxEntries = 10_000
    public var keysRequired = false
    public var keysDatabase = "keys.sqlite"
    /// How long an allowing budget check is reused for the same subject and model.
    public var budgetCacheMs = 100

    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ path: String, _ reason: String) { description = "\(path): \(reason)" }
    }

    static let defaultBaseURLs: [Deployment.Provider: String] = [
        .openai: "https://api.openai.com/v1",
        .anthropic: "https://api.anthropic.com/v1",
        .gemini: "https://generativelanguage.googleapis.com/v1beta",
    ]

    public init() {}

    public init(json: JSONValue, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Problem) {
        guard case .object(let root) = json else { throw Problem("gateway", "the section must be an object") }
        if let listen = root["listen"], !listen.isNull {
            listenHost = listen["host"]?.stringValue ?? "127.0.0.1"
            guard let port = listen["port"]?.int64Value, (0...65535).contains(port) else { throw Problem("gateway.listen.port", "must be an integer 0…65535") }
            listenPort = Int(port)
            listenMaxConnections = try Self.integer(listen.members, "max_connections", default: 1024, range: 1...100_000, path: "gateway.listen")
        }
        registerRoutes = root["register_routes"]?.boolValue ?? true
        policy.retries = try Self.integer(root, "retries", default: 2, range: 0...10)
        policy.backoffBaseMs = try Self.integer(root, "backoff_ms", default: 100, range: 0...60_000)
        policy.backoffMaxMs = try Self.integer(root, "backoff_max_ms", default: 2_000, range: 0...600_000)
        policy.cooldownMs = try Self.integer(root, "cooldown_ms", default: 30_000, range: 0...3_600_000)
        policy.allowedFailures = try Self.integer(root, "allowed_failures", default: 3, range: 1...1000)
        connectTimeoutMs = try Self.integer(root, "connect_timeout_ms", default: 5_000, range: 1...600_000)
        switch root["http_client"] {
        case nil, .null, .string("own"): ownHTTPClient = true
        case .string("curl"): ownHTTPClient = false
        default: throw Problem("gateway.http_client", "must be \"own\" or \"curl\"")
        }
        if let guardrails = root["guardrails"]?.objectValue {
            settings.checkInput = guardrails["input"]?.boolValue ?? true
            settings.checkOutput = guardrails["output"]?.boolValue ?? true
            settings.guardrailsPolicy = guardrails["policy"]?.stringValue
            settings.streamHoldbackChars = try Self.integer(guardrails, "stream_holdback_chars", default: 64, range: 0...100_000, path: "gateway.guardrails")
            settings.streamCheckChars = try Self.integer(guardrails, "stream_check_chars", default: 48, range: 1...100_000, path: "gateway.guardrails")
        }
        settings.checkBudget = root["budget_check"]?.boolValue ?? true
        budgetCacheMs = try Self.integer(root, "budget_cache_ms", default: 100, range: 0...600_000)
        settings.recordUsage = root["usage_events"]?.boolValue ?? true
        settings.publishEvents = root["events"]?.boolValue ?? true
        if let cache = root["cache"]?.objectValue {
            cacheEnabled = cache["enabled"]?.boolValue ?? false
            cacheTTLSeconds = try Self.integer(cache, "ttl_seconds", default: 300, range: 1...604_800, path: "gateway.cache")
            cacheMaxEntries = try Self.integer(cache, "max_entries", default: 10_000, range: 1...10_000_000, path: "gateway.cache")
        }
        if let keys = root["keys"]?.objectValue {
            keysRequired = keys["required"]?.boolValue ?? false
            keysDatabase = keys["database"]?.stringValue ?? "keys.sqlite"
        }
        let models = root["models"]?.arrayValue ?? []
        var seen = Set<String>()
        var deploymentIDs = Set<String>()
        for (index, model) in models.enumerated() {
            let path = "gateway.models[\(index)]"
            guard let name = model["name"]?.stringValue, !name.isEmpty else { throw Problem("\(path).name", "a model needs a name") }
            guard seen.insert(name).inserted else { throw Problem("\(path).name", "model '\(name)' is defined twice") }
            let strategyName = model["strategy"]?.stringValue ?? "weighted"
            guard let strategy = RoutingStrategy(rawValue: strategyName) else {
                throw Problem("\(path).strategy", "'\(strategyName)' is not one of \(RoutingStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let list = model["deployments"]?.arrayValue, !list.isEmpty else { throw Problem("\(path).deployments", "model '\(name)' needs at least one deployment") }
            var deployments: [Deployment] = []
            for (number, entry) in list.enumerated() {
                let deployment = try Self.deployment(entry, path: "\(path).deployments[\(number)]", fallbackID: "\(name)#\(number)", environment: environment)
                guard deploymentIDs.insert(deployment.id).inserted else { throw Problem("\(path).deployments[\(number)].id", "deployment id '\(deployment.id)' is used twice") }
                deployments.append(deployment)
            }
            let fallbacks = model["fallbacks"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let windowFallbacks = model["context_window_fallbacks"]?.arrayValue?.compactMap(\.stringValue)
            groups.append(ModelGroup(name: name, deployments: deployments, strategy: strategy, fallbacks: fallbacks,
                                     contextWindowFallbacks: windowFallbacks, rpm: model["rpm"]?.int64Value.map { Int($0) },
                                     tpm: model["tpm"]?.int64Value.map { Int($0) }, mode: model["mode"]?.stringValue ?? "chat"))
        }
        for (index, group) in groups.enumerated() {
            for fallback in group.fallbacks + group.contextWindowFallbacks where !seen.contains(fallback) {
                throw Problem("gateway.models[\(index)].fallbacks", "model '\(group.name)' falls back to '\(fallback)', which is not a configured model")
            }
        }
    }

    static func deployment(_ entry: JSONValue, path: String, fallbackID: String, environment: [String: String]) throws(Problem) -> Deployment {
        let providerName = entry["provider"]?.stringValue ?? "openai"
        guard let provider = Deployment.Provider(rawValue: providerName) else {
            throw Problem("\(path).provider", "'\(providerName)' is not one of \(Deployment.Provider.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let model = entry["model"]?.stringValue, !model.isEmpty else { throw Problem("\(path).model", "the upstream model name is required") }
        guard let baseURL = entry["base_url"]?.stringValue ?? defaultBaseURLs[provider] else {
            throw Problem("\(path).base_url", "provider \(providerName) has no default URL; give base_url")
        }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else { throw Problem("\(path).base_url", "'\(baseURL)' is not an http(s) URL") }
        var key = entry["api_key"]?.stringValue
        if let variable = entry["api_key_env"]?.stringValue {
            guard let value = environment[variable], !value.isEmpty else { throw Problem("\(path).api_key_env", "environment variable \(variable) is not set") }
            key = value
        }
        let weight = entry["weight"]?.doubleValue ?? 1
        guard weight >= 0 else { throw Problem("\(path).weight", "must not be negative") }
        return Deployment(id: entry["id"]?.stringValue ?? fallbackID, provider: provider, model: model, baseURL: baseURL, apiKey: key,
                          apiVersion: entry["api_version"]?.stringValue, weight: weight,
                          rpm: entry["rpm"]?.int64Value.map { Int($0) }, tpm: entry["tpm"]?.int64Value.map { Int($0) },
                          timeoutMs: Int(entry["timeout_ms"]?.int64Value ?? 60_000),
                          inputPricePerMillion: entry["input_price_per_million"]?.doubleValue ?? 0,
                          outputPricePerMillion: entry["output_price_per_million"]?.doubleValue ?? 0,
                          contextWindow: entry["context_window"]?.int64Value.map { Int($0) })
    }

    static func integer(_ object: [String: JSONValue], _ key: String, default value: Int, range: ClosedRange<Int>, path: String = "gateway") throws(Problem) -> Int {
        guard let raw = object[key], !raw.isNull else { return value }
        guard let number = raw.int64Value, range.contains(Int(number)) else {
            throw Problem("\(path).\(key)", "must be an integer \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(number)
    }
}
