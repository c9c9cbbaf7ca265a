import AIPConfig
import AIPluginKit
import Foundation
import GatewayCore
import Synchronization

/// The AI gateway: OpenAI-compatible endpoints that route to providers and compose the prompt,
/// guardrails and cost plugins through their capabilities. Logic lives in GatewayCore.
public final class GatewayPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "gateway",
        version: "1.0.0",
        description: "AI gateway: OpenAI-compatible chat, embeddings and models over OpenAI, Anthropic, Azure and Gemini, composing prompt, guardrails and cost",
        threadSafe: true,
        provides: [
            .message("gateway.chat"), .message("gateway.embeddings"), .message("gateway.models"), .message("gateway.messages"),
            .message("gateway.keys.create"), .message("gateway.keys.list"), .message("gateway.keys.revoke"), .message("gateway.metrics"),
        ],
        requires: [
            // 1.1 lets the gateway authenticate its routes itself and answer exact responses.
            RequiredCapability("http.route.register", "^1.1.0", optional: true),
            RequiredCapability("http.stream.send", "^1.0.0", optional: true),
            RequiredCapability("prompt.render", "^1.0.0", optional: true),
            RequiredCapability("guardrails.check", "^1.0.0", optional: true),
            RequiredCapability(GuardrailsScreen.capability, "^1.0.0", optional: true),
            RequiredCapability("cost.check", "^1.0.0", optional: true),
            RequiredCapability("cost.budgets.set", "^1.0.0", optional: true),
        ],
        publishes: ["gateway.#", "llm.usage"],
        subscribes: ["http.listening"],
        configSchema: GatewayPlugin.schema)

    /// The capability that answers each endpoint on the http plugin, and whether it may stream.
    static func capability(of endpoint: GatewayEndpoints.Endpoint) -> (name: String, streams: Bool) {
        switch endpoint {
        case .chat: ("gateway.chat", true)
        case .messages: ("gateway.messages", true)
        case .embeddings: ("gateway.embeddings", false)
        case .models: ("gateway.models", false)
        }
    }

    let context: PluginContext
    let configuration: GatewayConfiguration
    let engine: GatewayEngine
    let steps: CapabilitySteps
    let keys: VirtualKeys
    private let listener = Mutex<GatewayListener?>(nil)

    public init(context: PluginContext) throws {
        self.context = context
        let section: JSONValue
        do { section = try JSONParser.parse(context.configJSON, source: "plugins.gateway") } catch {
            throw PluginError(.invalidArgument, "config of gateway: \(error)")
        }
        do { configuration = try GatewayConfiguration(json: section) } catch {
            throw PluginError(.invalidArgument, "config of gateway: \(error)")
        }
        steps = CapabilitySteps(context: context, budgetCacheMs: Int64(configuration.budgetCacheMs))
        let metrics = GatewayMetrics()
        let cache = configuration.cacheEnabled
            ? ResponseCache(ttlMs: Int64(configuration.cacheTTLSeconds) * 1000, maxEntries: configuration.cacheMaxEntries, metrics: metrics) : nil
        engine = GatewayEngine(router: Router(groups: configuration.groups, policy: configuration.policy),
                               client: UpstreamClient(connectTimeoutMs: configuration.connectTimeoutMs, ownHTTPClient: configuration.ownHTTPClient),
                               steps: steps, settings: configuration.settings, metrics: metrics, cache: cache)
        let path = configuration.keysDatabase.hasPrefix("/")
            ? configuration.keysDatabase : (context.dataDirectory as NSString).appendingPathComponent(configuration.keysDatabase)
        do { keys = try VirtualKeys(store: try VirtualKeyStore(path: path), required: configuration.keysRequired) } catch {
            throw PluginError(.unavailable, "cannot open the key store at \(path): \(error)")
        }
        context.log(.info, "gateway: \(configuration.groups.count) models, \(configuration.groups.reduce(0) { $0 + $1.deployments.count }) deployments")
    }

    public func start() throws {
        steps.refresh()
        if configuration.registerRoutes {
            // A loaded http plugin starts first (optional requirements order start-up), but it
            // may be enabled later or restart: register now if it is there, and whenever it announces itself.
            registerRoutes()
            try context.subscribe("http.listening", delivery: .async(queueCapacity: 16, overflow: .dropOldest)) { [self] _ in
                // The event comes from inside the http plugin's start: its capabilities are
                // registered once that returns, so look for them for a little while.
                for _ in 0..<1000 {
                    if registerRoutes() { return }
                    Thread.sleep(forTimeInterval: 0.005)
                }
                context.log(.warning, "the http plugin announced itself but http.route.register stayed unavailable for 5 s")
            }
        }
        if let host = configuration.listenHost, let port = configuration.listenPort {
            let listener = GatewayListener(plugin: self, context: context, host: host, port: port,
                                           maxConnections: configuration.listenMaxConnections)
            let url = try listener.start()
            self.listener.withLock { $0 = listener }
            try? context.publish("gateway.listening", bytes: JSONBody.bytes(.object(["url": .string(url)])))
            context.log(.info, "gateway listening on \(url)")
        }
        context.log(.info, "gateway steps: \(engine.activeSteps.serialized())")
    }

    public func stop() throws {
        listener.withLock { $0 }?.stop()
        listener.withLock { $0 = nil }
    }

    public var handlers: [String: CapabilityHandler] {
        GatewayHandlers(plugin: self).all
    }

    func refreshSteps() { steps.refresh() }

    /// Registers the routes; false when the http plugin's capability is not available.
    @discardableResult
    private func registerRoutes() -> Bool {
        guard (try? context.lookup("http.route.register", versionRange: "^1.1.0")) != nil else { return false }
        var registered = 0
        for route in GatewayEndpoints.routes {
            let (capability, streams) = Self.capability(of: route.endpoint)
            // "auth": "handler": the http plugin asks for none of its tokens; the gateway checks
            // the virtual key and answers 401 in OpenAI's shape itself.
            var fields: [String: JSONValue] = ["method": .string(route.method), "path": .string(route.path),
                                               "capability": .string(capability), "auth": "handler"]
            if streams { fields["stream"] = true }
            do {
                _ = try context.call("http.route.register", body: JSONBody.bytes(.object(fields)))
                registered += 1
            } catch {
                context.log(.warning, "cannot register \(route.method) \(route.path) with the http plugin: \(error)")
            }
        }
        if registered > 0 { context.log(.info, "registered \(registered) routes with the http plugin") }
        return true
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: GatewayPlugin.self) }
